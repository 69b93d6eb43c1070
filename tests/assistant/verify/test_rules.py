"""Each verification rule alone, on hand-built claims: what it rejects and what it lets through."""

import pytest

from assistant import ArticleInfo, Sentence, Settings
from assistant.verify.align import Candidate
from assistant.verify.facts import Facts
from assistant.verify.rules import RULES, Claim, first_failure

INFO = ArticleInfo("a", "Title")
QUOTE = Candidate(INFO, Sentence("a", 0, 0, 60, "“We have huge resources of rare earth metals,” Cleverley noted."),
                  speaker="Cleverley")
PLAIN = Candidate(INFO, Sentence("a", 1, 61, 120, "Svevind plans to invest $50 billion in Kazakhstan."))


NOTHING_MISSING = Facts()


def claim(text, cited=(PLAIN,), missing=NOTHING_MISSING, support=0.8, asked_quote=None, question="", sources="",
          articles=None, conversation=""):
    return Claim(text, question, list(cited), missing, support, asked_quote, Settings().verification, sources,
                 articles or {}, conversation)


def rule(code):
    return next(r.check for r in RULES if r.code == code)


@pytest.mark.parametrize("text", ["NOT_IN_ARTICLES", "The articles do not mention the cost.",
                                  "There is no information on the cost."])
def test_declined_catches_the_model_saying_it_cannot_answer(text):
    assert rule("declined")(claim(text)) is not None


def test_declined_passes_a_claim():
    assert rule("declined")(claim("Svevind plans to invest $50 billion.")) is None


def test_facts_names_what_no_cited_sentence_states():
    assert rule("facts")(claim("x", missing=Facts(numbers=frozenset({2e10})))) == "not in the cited sentences: 20,000,000,000"
    assert rule("facts")(claim("x")) is None


def test_facts_leaves_the_question_s_own_figures_to_the_figures_rule():
    year = Facts(numbers=frozenset({2017.0}))
    assert rule("facts")(claim("Seavey won the 2017 race.", missing=year, question="Who won the 2017 race?")) is None
    assert rule("facts")(claim("Seavey won the 2017 race.", missing=year, question="Who won the race?")) is not None
    date = Facts(numbers=frozenset({2017.0}), months=frozenset({"february"}))
    by_election = "Which candidate captured Copeland in the February 2017 by-election?"
    assert rule("facts")(claim("Harrison won the February 2017 by-election.", missing=date, question=by_election)) is None
    assert rule("facts")(claim("Harrison won the February 2017 by-election.", missing=date,
                               question="Which candidate captured Copeland?")) is not None


MEETING = Candidate(INFO, Sentence("a", 2, 0, 50, "Cleverly arrived in Astana on 18 March, Kallanish notes."))
DEAL = Candidate(INFO, Sentence("a", 3, 0, 50, "In 2022, Svevind said it plans to invest $50 billion."))


def test_dates_must_come_whole_from_one_sentence():
    stitched = claim("The memorandums were signed on 18 March 2022.", cited=[MEETING, DEAL])
    assert rule("dates")(stitched) == "the date '18 March 2022' is stitched from separate sentences"
    echoed = claim("Svevind signed in February 2017.", cited=[DEAL], question="Who signed in February 2017?")
    assert rule("dates")(echoed) is None  # the question's own date, left to the figures rule
    assert rule("dates")(claim("Cleverly arrived on 18 March.", cited=[MEETING, DEAL])) is None
    assert rule("dates")(claim("Svevind made its plan public in 2022.", cited=[DEAL])) is None  # a year alone


def test_subject_needs_the_cited_articles_to_name_what_the_question_names():
    wildfire = "Where did the Boulder wildfire start?"
    other_story = claim("The fire started near the highway.", question=wildfire, sources="A wildfire in Ventura County.")
    assert rule("subject")(other_story) == "the cited articles never name boulder: they answer about another story"
    metonymy = claim("They signed in 2022.", question="When did Brussels and Astana sign?", sources="Brussels and Kazakhstan")
    assert rule("subject")(metonymy) is None  # half the names is enough
    same_story = claim("The fire started near the highway.", question=wildfire, sources="The Boulder fire grew.")
    assert rule("subject")(same_story) is None
    assert rule("subject")(claim("It started at noon.", question="Where did the fire start?", sources="x")) is None
    people = claim("The plant is in Yinchuan.", question="In which Chinese city is the plant?", sources="Yinchuan, China.")
    assert rule("subject")(people) is None  # a people's name stands for its country


def test_subject_is_named_by_each_cited_article_that_states_the_answer_s_own_facts():
    """The ages come from an article on another shooting; the article on the asked-about one gives none."""
    kansas = "Police said a 32-year-old from Olathe, Srinivas Kuchibhotla, died after the Austins bar shooting."
    dayton = "Two people are in critical condition after the shooting at the Cameo nightclub in Cincinnati."
    ages = Candidate(ArticleInfo("k", "Bar shooting"), Sentence("k", 0, 0, len(kansas), kansas))
    critical = Candidate(ArticleInfo("c", "Nightclub shooting"), Sentence("c", 0, 0, len(dayton), dayton))
    question = "How old were the two people left in critical condition after the Cameo nightclub shooting in Cincinnati?"
    answer = "The two people in critical condition after the Cameo nightclub shooting were 32-year-old Srinivas Kuchibhotla."
    assert rule("subject")(claim(answer, [ages, critical], question=question, sources=f"{kansas}\n{dayton}",
                                 articles={"k": kansas, "c": dayton})) is not None
    named = kansas.replace("the Austins bar shooting", "the Cameo nightclub shooting in Cincinnati")
    assert rule("subject")(claim(answer, [ages, critical], question=question, sources=f"{named}\n{dayton}",
                                 articles={"k": named, "c": dayton})) is None


def test_a_who_answer_needs_a_cited_paragraph_naming_what_the_question_names():
    text = ("Germany will work with Kazakhstan, Annalena Baerbock said last October.\n"
            "Charles Michael signed an MOU with President Tokayev on battery materials.")
    visit = Candidate(INFO, Sentence("a", 0, 0, 71, text[:71]))
    signing = Candidate(INFO, Sentence("a", 1, 72, len(text), text[72:]))
    question = "Who signed a memorandum with Tokayev on battery materials?"
    assert rule("beside")(claim("Annalena Baerbock", [visit], question=question, articles={"a": text})) == \
        "the cited paragraphs never name tokayev: they answer about something else"
    assert rule("beside")(claim("Charles Michael", [signing], question=question, articles={"a": text})) is None
    assert rule("beside")(claim("Tokayev signed in October.", [visit], question="When did Tokayev sign?",
                                articles={"a": text})) is None  # a date with its subject: rule `together`


def test_a_bare_figure_needs_a_cited_paragraph_naming_what_the_question_names():
    """"it" of "After 2030, it will produce …" is the Caspian project, not Hyrasia One."""
    text = ("A green hydrogen project in the Caspian region will show the way. After 2030, it will produce 3 million "
            "tonnes/year of green hydrogen.\nThe Hyrasia One project aims to produce 2m t/y at full capacity.")
    start = text.index("After")
    caspian = Candidate(INFO, Sentence("a", 1, start, text.index("\n"), text[start:text.index("\n")]))
    hyrasia = Candidate(INFO, Sentence("a", 2, text.index("The Hyrasia"), len(text), text[text.index("The Hyrasia"):]))
    question = "How much hydrogen will Hyrasia One produce each year?"
    assert rule("beside")(claim("3 million tonnes/year", [caspian], question=question, articles={"a": text})) == \
        "the cited paragraphs never name hyrasia: they answer about something else"
    assert rule("beside")(claim("2m t/y", [hyrasia], question=question, articles={"a": text})) is None


def test_a_title_may_stand_for_one_of_the_question_s_names_not_for_all():
    text = ("A green hydrogen project in the Caspian region will show the way. After 2030, it will produce 3 million "
            "tonnes/year.\nGermany-based Svevind plans a project in Kazakhstan. It reaches peak production in 2032.")
    start, end = text.index("After"), text.index("\n")
    caspian = Candidate(ArticleInfo("a", "Kazakhstan signs memorandums"), Sentence("a", 1, start, end, text[start:end]))
    peak = Candidate(ArticleInfo("a", "Kazakhstan signs memorandums"),
                     Sentence("a", 3, text.index("It reaches"), len(text), text[text.index("It reaches"):]))
    question = "By what year should the German developer's Kazakh project hit maximum output?"
    assert rule("beside")(claim("2030", [caspian], question=question, articles={"a": text})) == \
        "the cited paragraphs name none of german, kazakh, only their articles' titles do"
    assert rule("beside")(claim("2032", [peak], question=question, articles={"a": text})) is None
    assert rule("beside")(claim("2030", [caspian], question="By what year will the Kazakh project peak?",
                                articles={"a": text})) is None  # the title names the one name asked about


def test_a_person_the_question_names_in_full_is_named_by_surname_in_a_later_paragraph():
    text = ("The mother of Westminster attacker Khalid Masood said she was shocked.\n"
            "Masood was born with the birth name Adrian Russell Ajao, according to reports.\n"
            "Crowds gathered on Westminster Bridge a week later.")
    start, end = text.index("Masood was"), text.index("\nCrowds")
    born = Candidate(INFO, Sentence("a", 1, start, end, text[start:end]))
    bridge = Candidate(INFO, Sentence("a", 2, end + 1, len(text), text[end + 1:]))
    question = "What was Westminster attacker Khalid Masood's name at birth?"
    assert rule("beside")(claim("Adrian Russell Ajao", [born], question=question, articles={"a": text})) is None
    assert rule("beside")(claim("Westminster Bridge", [bridge], question=question, articles={"a": text})) == \
        "the cited paragraphs never name khalid, masood: they answer about something else"


def test_words_needs_most_content_words_in_the_cited_sentences():
    assert "of its words" in rule("words")(claim("Svevind's project is behind schedule and over budget."))
    assert rule("words")(claim("Svevind plans to invest $50 billion.")) is None


def test_words_finds_a_name_given_by_its_initials():
    eu = Candidate(INFO, Sentence("a", 2, 0, 80, "In November 2022, Kazakhstan and the European Union inked a memorandum."))
    assert rule("words")(claim("The EU.", cited=[eu])) is None
    assert rule("words")(claim("The UN.", cited=[eu])) is not None


def test_speaker_rejects_a_quote_put_in_another_mouth():
    assert rule("speaker")(claim("Smailov said they have huge resources.", cited=[QUOTE])) == \
        "the article attributes this to Cleverley"
    assert rule("speaker")(claim("Cleverly said they have huge resources.", cited=[QUOTE])) is None


def test_speaker_checks_any_name_when_the_question_asks_who_said_it():
    assert rule("speaker")(claim("Alikhan Smailov.", cited=[QUOTE], asked_quote=QUOTE)) is not None
    assert rule("speaker")(claim("James Cleverly.", cited=[QUOTE], asked_quote=QUOTE)) is None


SECTORS = "What sectors did he say were of interest?"
AFTER_MEETING = "Who did James Cleverly meet in Astana? Kazakh Prime Minister Alikhan Smailov. " + SECTORS
SMAILOV = Candidate(INFO, Sentence("a", 4, 0, 90, "Smailov said that in terms of energy, joint green hydrogen "
                                                  "projects are of interest."))
ADVISOR = Candidate(INFO, Sentence("a", 5, 0, 90, "Bolat Akchulakov, energy advisor to the president, underscored "
                                                  "the importance of the memorandum."))


def test_said_wants_the_words_of_whom_the_question_asks_about():
    assert rule("said")(claim("Green hydrogen.", cited=[MEETING], question=SECTORS, conversation=AFTER_MEETING)) == \
        "asked what someone said, the cited sentences give the words of no one the question names"
    assert rule("said")(claim("Energy.", cited=[SMAILOV], question=SECTORS, conversation=AFTER_MEETING)) is None
    assert rule("said")(claim("Its importance.", cited=[ADVISOR],
                              question="What did Akchulakov say about the memorandum?")) is None
    assert rule("said")(claim("Its importance.", cited=[ADVISOR], question="What did Smailov say about it?")) is not None
    assert rule("said")(claim("Green hydrogen.", cited=[MEETING], question="Which sectors did Smailov call vital?")) \
        is not None


def test_said_takes_unnamed_words_and_leaves_other_questions_alone():
    assert rule("said")(claim("Its role.", cited=[Candidate(INFO, Sentence("a", 6, 0, 40, "He emphasized its role."))],
                              question="What did Akchulakov say about it?")) is None
    assert rule("said")(claim("$50 billion.", question="What did the ministry say about the plan?")) == \
        "asked what someone said, the cited sentences give no one's words"
    assert rule("said")(claim("$50 billion.", question="How many billions did police say Svevind invests?")) is None
    assert rule("said")(claim("$50 billion.", question="How much does Svevind invest?")) is None


def test_said_takes_anyone_s_words_for_a_speaker_described_by_a_role_and_a_claim_as_words():
    """"The British minister" is Cleverly in the article; "Kazakhstan claims …" gives Kazakhstan's words."""
    quote = Candidate(INFO, Sentence("a", 4, 0, 60, "“You play a huge role in terms of food security,” Cleverley noted."))
    assert rule("said")(claim("Food security.", cited=[quote],
                              question="What area did the British minister say Kazakhstan plays a role in?")) is None
    claims = Candidate(INFO, Sentence("a", 8, 0, 80, "Kazakhstan claims to be the first country in Central Asia to "
                                                     "adopt a carbon neutrality strategy, Tokayev said."))
    assert rule("said")(claim("Adopt a carbon neutrality strategy.", cited=[claims],
                              question="What does Kazakhstan say it was the first to do?")) is None
    assert rule("said")(claim("Adopt a carbon neutrality strategy.", cited=[claims],
                              question="What does Svevind say it was the first to do?")) is not None


def test_meaning_needs_the_support_threshold_from_a_claim_that_adds_words():
    assert rule("meaning")(claim("Svevind is behind schedule.", support=0.2)) == "too far in meaning from the cited sentences"
    assert rule("meaning")(claim("Svevind is behind schedule.", support=0.9)) is None


@pytest.mark.parametrize("text", ["$50 billion", "Svevind plans to invest in Kazakhstan.", "50 billion"])
def test_meaning_leaves_a_claim_made_only_of_the_cited_words_to_the_other_rules(text):
    assert rule("meaning")(claim(text, support=0.2)) is None


def test_meaning_reads_a_follow_up_with_the_question_before_it():
    gathering = Candidate(INFO, Sentence("a", 2, 0, 80, "A gathering in Belgium drew around 60 officials."))
    follow_up = "How many people came?"
    assert rule("meaning")(claim("60", [gathering], support=0.2, question=follow_up)) == \
        "the cited sentences have none of the question's words"
    assert rule("meaning")(claim("60", [gathering], support=0.2, question=follow_up,
                                 conversation=f"Where was the gathering held? {follow_up}")) is None


def test_meaning_needs_a_word_of_the_question_that_is_more_than_a_preposition():
    """Asked near which town storm chasers died, a sentence on a wall blown over "near" two streets answers nothing."""
    wall = Candidate(INFO, Sentence("a", 3, 0, 90,
                                    "Winds blew over a brick wall near Ponselle Dr. and S. Matlock Rd in Arlington."))
    question = "Near which Texas town did three storm chasers die when two vehicles collided on a rural road?"
    assert rule("meaning")(claim("Ponselle Dr. and S. Matlock Rd in Arlington", [wall], support=0.2, question=question)) == \
        "the cited sentences have none of the question's words"


START = Candidate(INFO, Sentence("a", 4, 0, 60, "First production is slated for early 2030 before it reaches peak in 2032."))
CAPACITY = Candidate(INFO, Sentence("a", 5, 0, 60, "The Hyrasia One project aims to produce 2m t/y at full capacity."))
CASPIAN = Candidate(INFO, Sentence("a", 6, 0, 60, "After 2030, it will produce 3 million tonnes/year of green hydrogen."))


def test_figures_the_question_gives_must_stand_with_the_answer_in_one_cited_sentence():
    in_2030 = "How much hydrogen will Hyrasia One produce in 2030, its first year?"
    stitched = claim("Hyrasia One will produce 2m t/y in 2030.", cited=[CAPACITY, START], question=in_2030)
    assert rule("figures")(stitched) == "no cited sentence states the question's own 2,030 with the answer"
    assert rule("figures")(claim("2m t/y", cited=[CAPACITY], question=in_2030)) is not None
    after_2030 = "How many tonnes a year will the Caspian project make after 2030?"
    assert rule("figures")(claim("3 million tonnes a year.", cited=[CASPIAN], question=after_2030)) is None
    assert rule("figures")(claim("2032", cited=[START], question="When will Hyrasia One peak?")) is None  # a name's "One"
    assert rule("figures")(claim("2m t/y", cited=[CAPACITY], question="How much will it make?")) is None


def test_a_year_the_question_gives_may_come_from_the_article_when_the_sentence_states_none():
    race = ArticleInfo("r", "Seavey takes Iditarod title", date="2017-03-15")
    won = Candidate(race, Sentence("r", 0, 0, 40, "Mitch Seavey won the race on Tuesday."))
    lost = Candidate(race, Sentence("r", 1, 41, 80, "The bank lost 7 billion pounds in 2016."))
    assert rule("figures")(claim("Mitch Seavey", [won], question="Who won the 2017 Iditarod?")) is None
    assert rule("figures")(claim("Mitch Seavey", [won], question="Who won the 2018 Iditarod?")) is not None
    assert rule("figures")(claim("7 billion pounds", [lost], question="How much did it lose in 2017?")) is not None
    plan = Candidate(race, CAPACITY.sentence)
    assert rule("figures")(claim("2m t/y", [plan], question="How much will it produce in 2017?")) is not None
    undated = Candidate(INFO, won.sentence)
    assert rule("figures")(claim("Mitch Seavey", [undated], question="Who won the 2017 Iditarod?")) is not None
    titled = Candidate(ArticleInfo("t", "The 2017 Iditarod"), won.sentence)
    assert rule("figures")(claim("Mitch Seavey", [titled], question="Who won the 2017 Iditarod?")) is None
    text = "The 2017 Iditarod ended in Nome. Mitch Seavey won the race on Tuesday."
    beside = Candidate(INFO, Sentence("a", 1, 33, len(text), text[33:]))
    assert rule("figures")(claim("Mitch Seavey", [beside], question="Who won the 2017 Iditarod?",
                                 articles={"a": text})) is not None  # another sentence's year is its own


def test_a_year_the_sentence_counts_from_its_article_s_date_is_stated():
    """"Last year" in a February 2017 report is 2016, though the sentence writes 2015 for the year before it."""
    report = ArticleInfo("h", "Hate groups rise again", date="2017-02-16")
    text = "The number of anti-Muslim hate groups jumped to 101 last year from 34 in 2015."
    cited = Candidate(report, Sentence("h", 0, 0, len(text), text))
    asked_2016 = "How many anti-Muslim hate groups were active in 2016?"
    assert rule("figures")(claim("101", [cited], question=asked_2016)) is None
    assert rule("figures")(claim("101", [cited], question="How many were active in 2014?")) is not None
    undated = Candidate(INFO, cited.sentence)
    assert rule("figures")(claim("101", [undated], question=asked_2016)) is not None


def test_a_number_written_as_part_of_a_name_is_no_year_of_the_sentence():
    """The restaurant "Le 1947" does not set the sentence in 1947; "in 1947" and "March 2016" do."""
    guide = ArticleInfo("g", "Alleno wins third star", date="2017-02-07")
    question = "Which restaurant won Yannick Alleno a third Michelin star in 2017?"
    for text, passes in [("Alleno's Le 1947 in Courchevel won its third star.", True),
                         ("Alleno's restaurant in Courchevel won its third star in 1947.", False),
                         ("Alleno's restaurant won its third star in March 2016.", False)]:
        cited = Candidate(guide, Sentence("g", 0, 0, len(text), text))
        assert (rule("figures")(claim("Le 1947", [cited], question=question)) is None) == passes, text


def test_a_figure_the_question_gives_that_is_no_year_may_stand_anywhere_in_the_article():
    match = ArticleInfo("m", "Barcelona makes history with 6-1 comeback win over PSG", date="2017-03-09")
    goal = Candidate(match, Sentence("m", 4, 0, 45, "Sergi Roberto scored in the 95th minute."))
    question = "Who scored the sixth goal in the 6-1 comeback?"
    assert rule("figures")(claim("Sergi Roberto", [goal], question=question)) is None
    assert rule("figures")(claim("Sergi Roberto", [Candidate(INFO, goal.sentence)], question=question)) is not None
    text = "Type 1 diabetes may be easier to diagnose. The substance, 12-HETE, was found in high levels."
    found = Candidate(INFO, Sentence("a", 1, 44, len(text), text[44:]))
    diabetes = "What substance was found in people with Type 1 diabetes?"
    assert rule("figures")(claim("12-HETE", [found], question=diabetes, articles={"a": text})) is None
    assert rule("figures")(claim("12-HETE", [found], question=diabetes.replace("1", "2"), articles={"a": text})) is not None


ARTICLE = ("According to President Michael, a major project in the Caspian region will show the way. After 2030, it will "
           "produce 3 million tonnes/year.\nIn 2022, Svevind said it plans a 20 gigawatt project in Kazakhstan. The "
           "Hyrasia One project aims to produce 2m t/y.")
MICHAEL, CASPIAN_OUTPUT, SVEVIND = (
    Candidate(INFO, Sentence("a", i, ARTICLE.index(text), ARTICLE.index(text) + len(text), text)) for i, text in enumerate([
        "According to President Michael, a major project in the Caspian region will show the way.",
        "After 2030, it will produce 3 million tonnes/year.",
        "In 2022, Svevind said it plans a 20 gigawatt project in Kazakhstan."]))


def test_a_figure_and_its_subject_come_from_one_paragraph():
    stitched = claim("The Caspian project will need 20 gigawatts.", cited=[MICHAEL, SVEVIND], articles={"a": ARTICLE})
    assert rule("together")(stitched) == "its figure and its subject come from separate paragraphs or sentences far apart"
    same_paragraph = claim("The Caspian project will produce 3 million tonnes a year.", cited=[MICHAEL, CASPIAN_OUTPUT],
                           articles={"a": ARTICLE})
    assert rule("together")(same_paragraph) is None
    assert rule("together")(claim("It will produce 3 million tonnes a year.", cited=[CASPIAN_OUTPUT])) is None  # no name


def _one_line(*sentences: str) -> tuple[str, list[Candidate]]:
    text = " ".join(sentences)
    return text, [Candidate(INFO, Sentence("a", i, text.index(s), text.index(s) + len(s), s)) for i, s in enumerate(sentences)]


def test_a_figure_and_its_subject_come_from_nearby_sentences_of_a_one_paragraph_article():
    """Scraped news often comes as one line: the opening's investor is not the one of a round told later."""
    middle = ["Mobike runs bicycles in China.", "It plans to expand abroad.", "Rivals include Ofo.", "Riders use an app."]
    figure = "In January, Mobike raised $215 million from investors."
    text, cited = _one_line("Mobike has received an investment from Temasek.", *middle, figure)
    far = claim("Temasek invested $215 million in Mobike.", cited=[cited[0], cited[-1]], articles={"a": text})
    assert rule("together")(far) is not None
    text, cited = _one_line(*middle[:3], "Temasek led the round.", middle[3], figure)
    near = claim("Temasek invested $215 million in Mobike.", cited=[cited[3], cited[-1]], articles={"a": text})
    assert rule("together")(near) is None


def test_a_figure_the_question_gives_is_not_the_claim_s_to_keep_together():
    """"The four home nations" is the question's figure: the answer names the sponsor, not an amount."""
    text, cited = _one_line("Vauxhall is to end its sponsorship of the home nations football teams.",
                            "It has backed them since 2011.", "Fans were surprised.", "The deal was worth millions.",
                            "The four nations' football associations said they would look for new sponsors.")
    question = "Which car maker will end its sponsorship deals with the four UK home nations' football sides?"
    sponsor = claim("Vauxhall will end its sponsorship of the four home nations' teams.", cited=[cited[0], cited[-1]],
                    articles={"a": text}, question=question)
    assert rule("together")(sponsor) is None


def test_rules_run_in_order_and_the_first_failure_is_reported():
    assert [r.code for r in RULES] == ["declined", "facts", "dates", "together", "figures", "words", "speaker", "said",
                                       "subject", "title", "holder", "beside", "meaning"]
    failure = first_failure(claim("Svevind plans to invest $20 billion.", missing=Facts(numbers=frozenset({2e10})),
                                  support=0.1))
    assert failure[0] == "facts"
    assert first_failure(claim("Svevind plans to invest $50 billion in Kazakhstan.")) is None


def test_an_office_asked_for_must_be_given_by_the_cited_articles():
    question = "Which EU commissioner attended the embassy meeting?"
    assert rule("title")(claim("Luc Devigne", question=question,
                               sources="Luc Devigne, deputy managing director of the EEAS, hailed the ties.")) \
        == "the cited articles name no commissioner"
    assert rule("title")(claim("Thierry Breton", question=question,
                               sources="EU internal market commissioner Thierry Breton attended.")) is None
    assert rule("title")(claim("Luc Devigne", question="Which EEAS official attended?", sources="Luc Devigne spoke.")) is None


def test_an_office_s_holder_is_a_person_by_the_recogniser():
    """Asked which judge fined the driver, the court that sat is no answer; the judge is."""
    text = "Judge Helen Barnes, sitting at Leeds Crown Court, fined the driver £300 on Monday."
    fined = Candidate(INFO, Sentence("a", 0, 0, len(text), text))
    question = "Which judge fined the lorry driver?"
    assert rule("holder")(claim("Leeds Crown Court", [fined], question=question)) is not None
    assert rule("holder")(claim("Judge Helen Barnes", [fined], question=question)) is None
    assert rule("holder")(claim("Leeds Crown Court", [fined], question="Where was the driver fined?")) is None
    follow_up = "Who is its chief executive?"
    text = "Ardent Foods will open its European headquarters in Galway, said chief executive Maria Olsen."
    said = Candidate(INFO, Sentence("a", 1, 0, len(text), text))
    conversation = f"Which food company is moving to Ireland? Ardent Foods. {follow_up}"
    assert rule("holder")(claim("Ardent Foods will open its European headquarters in Galway.", [said],
                                question=follow_up, conversation=conversation)) is not None
    assert rule("holder")(claim("Maria Olsen", [said], question=follow_up, conversation=conversation)) is None



def test_an_office_s_holder_read_as_a_person_anywhere_in_the_article_passes():
    """The small recogniser calls "Nikki Haley" an organisation in the first sentence, a person in the second."""
    first = ("Washington's envoy to the United Nations, Nikki Haley, reiterated this position on Thursday when she "
             "said that the government had to prioritize defeating IS over forcing Assad out.")
    text = f'{first} "Our priority is no longer to sit and focus on getting Assad out," Haley said.'
    cited = Candidate(INFO, Sentence("a", 0, 0, len(first), first))
    question = "Which envoy said the government had to prioritise defeating IS over forcing Assad out?"
    assert rule("holder")(claim("Nikki Haley", [cited], question=question)) is not None  # the sentence alone
    assert rule("holder")(claim("Nikki Haley", [cited], question=question, articles={"a": text})) is None


def test_said_wants_the_words_of_whom_the_cited_article_gives_the_role_asked_about():
    """"The Kazakh prime minister" is Smailov in the article: a sentence the publisher "notes" is not his words."""
    sources = "Smailov met British Foreign Minister James Cleverly after talks, says Kazakh Prime Minister Alikhan Smailov."
    question = "Which fields did the Kazakh prime minister call promising?"
    assert rule("said")(claim("Green hydrogen.", cited=[MEETING], question=question, sources=sources)) is not None
    assert rule("said")(claim("Energy.", cited=[SMAILOV], question=question, sources=sources)) is None
    assert rule("said")(claim("Food security.", cited=[QUOTE], question="What did the British minister call vital?",
                              sources=sources)) is None  # "Cleverley": the article's spelling in the quote
    assert rule("said")(claim("Food security.", cited=[QUOTE], question="What did the German minister call vital?",
                              sources=sources)) is None  # no article names the role's holder: anyone's words


def test_subject_of_a_follow_up_naming_nothing_is_the_turn_it_follows():
    question = "How much prize money did she take home for it?"
    conversation = "Who won the women's title at Indian Wells? Elena Vesnina beat Svetlana Kuznetsova. " + question
    rome = "Maria Sharapova was granted a wildcard for the tournament in Rome, which offers $2.77 million in prize money."
    won = "Elena Vesnina won Indian Wells, beating Svetlana Kuznetsova, and took home $1.2 million."
    prize = Candidate(INFO, Sentence("a", 0, 0, len(rome), rome))
    assert rule("subject")(claim("2.77 million.", cited=[prize], question=question, sources=rome,
                                 conversation=conversation)) is not None
    assert rule("subject")(claim("1.2 million.", cited=[prize], question=question, sources=won,
                                 conversation=conversation)) is None
    assert rule("subject")(claim("2.77 million.", cited=[prize], question=question, sources=rome)) is None  # no turn before


VISITS = ("Britain's foreign secretary Boris Johnson arrived in Moscow in March for talks on Syria.\n"
          "France's foreign minister Jean-Marc Ayrault travelled to Moscow last October.")


@pytest.mark.parametrize("question, cited, verdict", [
    # the paragraph names Moscow, half the question's names, but not whom the question is about
    ("In which month did France's foreign minister travel to Moscow?", 0, "never name france"),
    ("In which month did France's foreign minister travel to Moscow?", 1, None),
    ("In which month did Britain's foreign secretary fly to Moscow?", 0, None),
    ("When did Johnson arrive in Moscow?", 0, None),
    # a subject that is what is asked, or a pronoun, names no one to look for
    ("Which foreign minister did he meet in Moscow in March?", 0, None),
])
def test_a_bare_answer_s_paragraph_names_whom_the_question_is_about(question, cited, verdict):
    """The question's grammatical subject ("France's foreign minister") is whom a bare month or figure is about."""
    first = VISITS.index("\n")
    sentences = [Sentence("a", 0, 0, first, VISITS[:first]), Sentence("a", 1, first + 1, len(VISITS), VISITS[first + 1:])]
    answer = "March" if cited == 0 else "October"
    reason = rule("beside")(claim(answer, [Candidate(INFO, sentences[cited])], question=question, articles={"a": VISITS}))
    assert reason is None if verdict is None else verdict in reason
