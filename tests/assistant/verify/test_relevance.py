"""The kind of fact a question asks for, and whether a sentence holds one."""

import pytest

from assistant.config import VerificationSettings
from assistant.verify import relevance
from assistant.verify.relevance import Asked, answers, asked, complete, gives_title, holds, names_new, unnamed

SIMILAR = VerificationSettings().name_similarity


@pytest.mark.parametrize("question, kind", [
    ("And when does production start?", "date"), ("What year will it peak?", "year"), ("On what date did they meet?", "day"),
    ("How much is the German firm putting in?", "number"), ("How many officials came?", "number"),
    ("Where is the developer based?", "place"), ("Which countries signed?", "place"),
    ("Who is Luc Devigne?", "name"), ("Which company delivered the report?", "name"),
    ("What were the memorandums about?", ""), ("How did Devigne describe the relationship?", ""),
    ("What is the latest death toll from the flood?", "number"), ("What was the final vote tally?", "number"),
    ("From what age can a child be tried?", "number"), ("What was the attacker's name at birth?", "name"),
    ("What is the reason for the latest change?", ""),
    ("Near which Texas town did three storm chasers die when two vehicles collided?", "place"),
    ("Which two Republican senators refused to back her?", "name"), ("Which EU commissioner attended?", "name"),
    ("What is the country's population?", "number"), ("What is the country doing about it?", ""),
    ("What did Cleverly say when he landed in Astana?", ""), ("So where and when did they meet?", "place"),
    ("In tonnes, what will the plant turn out each year when it runs flat out?", "number"),
    ("What is the name of the town where the storm chasers died?", "name"),
    ("The plant opened in 2020; when will it close?", "date"),
])
def test_questions_ask_for_a_kind_of_fact(question, kind):
    assert asked(question).kind == kind


@pytest.mark.parametrize("text, kind, expected", [
    ("First production is slated for early 2030.", "date", True),
    ("Baerbock visited last October.", "date", True),
    ("The project aims to produce 2m t/y of green hydrogen at full capacity.", "date", False),
    ("It will invest $50 billion.", "number", True),
    ("It will invest heavily.", "number", False),
    ("Svevind is based in Germany.", "place", True),
    ("It is based abroad.", "place", False),
    ("Germany.", "place", True),  # a one-word answer: the first word is the name
    ("Smailov said it.", "name", True),
    ("Anything at all.", "", True),
])
def test_sentences_hold_a_kind_of_fact_or_not(text, kind, expected):
    assert holds(text, Asked(kind)) is expected


def test_counts_need_the_counted_thing_and_costs_need_money():
    jobs = asked("How many jobs will the Hyrasia One project create?")
    assert jobs.counted == {"job"}
    assert not holds("Hyrasia One aims to produce 2m t/y of green hydrogen.", jobs)
    assert holds("The plant will create 3,000 jobs.", jobs)
    cost = asked("How much will the Caspian project cost?")
    assert cost.money and not holds("It will produce 3 million tonnes a year.", cost)
    assert holds("It will cost $50 billion.", cost)
    putting = asked("How much money is Britain putting into Kazakhstan's rare earth sector?")
    assert putting.money and not holds("The so-called Hyrasia One project aims to produce 2m t/y of green hydrogen.", putting)


@pytest.mark.parametrize("question", [
    "How many nights did the crew spend at the station before the landing?",
    "How many farmers sell crops to the cooperative that agreed to pay them in cash?",
])
def test_how_many_counts_things_whatever_money_word_follows(question):
    """A money word in another clause ("spend" a time, "pays" the counted people) asks no money of a count."""
    what = asked(question)
    assert what.kind == "number" and not what.money


def test_how_much_something_weighs_asks_for_a_mass():
    what = asked("How much did the python that swallowed the farmer weigh?")
    assert what.kind == "number" and what.unit == "mass"
    assert not holds("The python weighed 23 feet.", what)
    assert holds("The python weighed 90 kg.", what)
    assert asked("How heavy was the meteorite?").unit == "mass"


def test_a_name_answer_is_written_as_a_name_by_its_source():
    """The model capitalises "Senior village official"; the article's "a senior village official" names no one."""
    question = "What was the name of the village official who found the boot?"
    source = "A senior village official, Junaedi, said the boot was found near the python."
    assert not answers("Senior village official", Asked("name"), question, 0.85, source=source)
    assert answers("Junaedi", Asked("name"), question, 0.85, source=source)
    assert answers("Senior village official", Asked("name"), question, 0.85)  # no source given: any capitalised word


def test_how_many_of_a_currency_asks_for_money():
    assert asked("How many dollars did the club pay for the striker?").money


def test_year_and_day_questions_need_a_year_and_a_day():
    assert not holds("Cleverly arrived in Astana on 18 March.", asked("In what year did Cleverly arrive?"))
    assert holds("In 2022, Svevind said it plans to invest.", asked("In what year did Svevind announce it?"))
    assert holds("A gathering on March 5th drew officials.", asked("What day was the gathering?"))
    assert not holds("In November 2022 they signed.", asked("On what date did they sign?"))


@pytest.mark.parametrize("question, counted", [
    ("How many rare earth metal mines does Kazakhstan operate?", {"mine"}),
    ("How many officials attended the gathering?", {"offici"}),
    ("How many million tonnes of hydrogen a year should it make?", {"tonn"}),
])
def test_the_counted_thing_is_the_head_noun(question, counted):
    assert asked(question).counted == counted


def test_what_is_the_figure_questions_ask_for_a_number():
    assert asked("What is the capacity of Svevind's project?").kind == "number"
    assert asked("What was the death toll?").kind == "number"


def test_a_month_and_year_question_needs_the_year():
    assert asked("In which month and year did Charles Michael visit Kazakhstan?").kind == "year"
    assert not holds("October", asked("In which month and year did Charles Michael visit Kazakhstan?"))
    assert asked("In which month did he visit?").kind == "date"


@pytest.mark.parametrize("answer, question, new", [
    ("Kazakhstan", "Where in Kazakhstan will Hyrasia One be built?", False),
    ("The UK has a hydrogen memorandum with Kazakhstan.", "Apart from the UK, which partner has a memorandum with Kazakhstan?",
     False),
    ("The European Union.", "Apart from the UK, which partner has a memorandum with Kazakhstan?", True),
    ("The United Kingdom.", "Apart from the UK, which partner has a memorandum with Kazakhstan?", False),
    ("The UK.", "Apart from the United Kingdom, which partner has a memorandum with Kazakhstan?", False),
    ("Germany.", "Where is Svevind based?", True),
    ("Alikhan Smailov", "Who did Cleverly meet in Astana?", True),
    ("Yevdokimov was found dead in his cell.", "Who has been charged with killing Vladimir Evdokimov?", False),
])
def test_a_who_or_where_answer_names_what_the_question_does_not(answer, question, new):
    assert names_new(answer, question, SIMILAR) is new


def test_an_answer_gives_what_the_question_does_not_already_state():
    in_2030 = "How much hydrogen will Hyrasia One produce in 2030, its first year?"
    assert not answers("First production is slated for early 2030 before it peaks in 2032.", asked(in_2030), in_2030, SIMILAR)
    assert answers("It aims to produce 2m t/y at full capacity.", asked(in_2030), in_2030, SIMILAR)
    assert answers("Peak production comes in 2032.", asked("In what year does it peak?"), "In what year does it peak?", SIMILAR)
    assert not answers("Kazakhstan", asked("Where in Kazakhstan is it?"), "Where in Kazakhstan is it?", SIMILAR)


def test_a_figure_the_question_spells_out_is_given_but_not_a_names_number():
    by_three = "How many points did Monaco have when it led PSG by three?"
    assert not answers("Monaco had 3 points.", asked(by_three), by_three, SIMILAR)
    units = "How many units will Hyrasia One have?"
    assert answers("It will have one unit.", asked(units), units, SIMILAR)


@pytest.mark.parametrize("text, expected", [
    ("42 bodies were recovered.", False),  # the dead, not the rescued
    ("At least 42 refugees have been killed and dozens injured.", False),
    ("A sailor said 80 refugees were rescued after the incident.", True),
    ("Four boats reached 80 refugees.", True),  # no counted thing beside either figure: may be the answer
])
def test_a_count_of_another_thing_does_not_answer_how_many(text, expected):
    question = "How many refugees were pulled to safety after the attack on the boat?"
    assert answers(text, asked(question), question, SIMILAR) is expected


def test_a_count_of_the_released_does_not_answer_how_many_are_still_held():
    question = "How many people are currently still being held by police over the attack?"
    assert not answers("Seven people arrested since the attack have been released.", asked(question), question, SIMILAR)
    assert not answers("Seven of the 11 people arrested since the attack have been released.", asked(question), question,
                       SIMILAR)  # the 11 were arrested, not held now
    assert answers("Police said two men remain in custody.", asked(question), question, SIMILAR)


def test_how_many_people_is_answered_by_a_count_of_any_people_but_a_named_kind_by_its_own():
    people, refugees = asked("How many people came?"), asked("How many refugees came?")
    assert holds("Two men and three women came.", people) and holds("About 40 protesters came.", people)
    assert not holds("Four boats came.", people)
    assert refugees.counted == {"refuge"} and not holds("Forty soldiers came.", refugees)


def test_an_answer_to_a_what_or_which_question_adds_a_word_the_question_lacks():
    song = "Which song will Yulia Samoilova perform for Russia at Eurovision 2017?"
    assert not answers("Yulia Samoilova will perform for Russia at Eurovision 2017.", asked(song), song, SIMILAR)
    assert answers("She will sing Flame Is Burning.", asked(song), song, SIMILAR)
    signed = "Did Svevind sign the deal in 2022?"
    assert answers("Svevind signed the deal in 2022.", asked(signed), signed, SIMILAR)  # a yes / no question restated is a yes
    # a follow-up opening with "And": the turn before named the lawmaker, and naming her again is no answer
    called, said = "And what did she call the bill?", "Which lawmaker filed the bill? Rep. Jessica Farrar proposed the bill."
    assert not answers("Jessica Farrar proposed the bill.", asked(called), called, SIMILAR, said)
    assert answers("She called it the Man's Right to Know Act.", asked(called), called, SIMILAR, said)


@pytest.mark.parametrize("question, unit", [
    ("What is the Caspian project worth in gigawatts of capacity?", "power"),
    ("In tonnes a year, what will the scheme turn out?", "mass"),
    ("How many kilometres long is the route?", "length"),
    ("How much will the 20 GW project cost?", ""),  # the question's own figure's unit names its subject
    ("Who didn't come?", ""),
])
def test_a_unit_in_the_question_asks_for_a_measure_in_it(question, unit):
    assert asked(question).unit == unit
    assert asked(question).kind == ("number" if unit else asked(question).kind)


def test_a_measure_asked_in_one_unit_is_not_answered_in_another():
    in_gigawatts = asked("What is the Caspian project worth in gigawatts of capacity?")
    assert not in_gigawatts.money  # "worth" asks for power here, not money
    assert holds("a 20 gigawatt green hydrogen project", in_gigawatts) and holds("a 20 GW plant", in_gigawatts)
    assert not holds("it will produce 3 million tonnes/year of green hydrogen", in_gigawatts)
    assert holds("Hyrasia One aims to produce 2m t/y of green hydrogen", asked("In tonnes a year, what will it make?"))


def test_a_question_asking_for_several_things_needs_them_all():
    question = "Which two partners signed memorandums with Kazakhstan on green hydrogen?"
    what = asked(question)
    assert what.items == 2
    assert not complete("Kazakhstan and the United Kingdom signed memorandums with Kazakhstan.", what, question, 0.85)
    assert complete("The United Kingdom and the European Union.", what, question, 0.85)
    metals = "Which three metals do Kazakh producers ship to Europe?"
    assert not complete("Beryllium and titanium.", asked(metals), metals, 0.85)
    assert complete("Beryllium, tantalum, and titanium.", asked(metals), metals, 0.85)
    assert complete("Luc Devigne.", asked("Which official spoke?"), "Which official spoke?", 0.85)
    relatives = "What were the names of the three relatives who died alongside Kevin and Ruth Burke?"
    assert not complete("Kevin and Ruth Burke were from the Milton Keynes area.", asked(relatives), relatives, 0.85)


@pytest.mark.parametrize("question, items", [("Can you list all 19 critical raw materials Kazakhstan produces?", 19),
                                             ("Name all five winners.", 5), ("Which 20 GW project is it?", 0),
                                             ("In which 2017 race did he win?", 0),
                                             ("What were the names of the three relatives who died?", 3)])
def test_asked_to_list_all_of_a_number_of_things_the_answer_must_give_that_many(question, items):
    assert asked(question).items == items
    if items:  # a sentence that counts them lists none
        assert not complete("Yes, Kazakhstan produces 19 out of the 34 critical raw materials.", asked(question),
                            question, 0.85)


def test_an_office_asked_for_is_read_and_found_in_its_forms():
    assert asked("Which EU commissioner attended the meeting?").title == "commissioner"
    assert asked("Which two Republican senators opposed it?").title == "senator"
    assert asked("Which Kazakh leader spoke at the summit?").title == ""  # a generic role: no office to find
    assert asked("Who is the chief executive of Svevind?").title == "chief executive"
    assert asked("Who was the Kazakh prime minister at the talks?").title == "minister"
    assert asked("Who is Luc Devigne?").title == "" and asked("Who said the ministers met?").title == ""
    assert gives_title(asked("Which senators voted no?"), "Sen. Bob Smith said he would vote no.")
    assert not gives_title(asked("Which EU commissioner attended?"), "Luc Devigne, deputy managing director, attended.")


@pytest.mark.parametrize("question, text, new", [
    ("In which Japanese town did an avalanche engulf a school trip?", "In Tochigi Prefecture, Japan.", False),
    ("In which Japanese town did an avalanche engulf a school trip?", "Nasu, in Tochigi prefecture.", True),
    ("Which city did the helicopter fly to?", "It flew from the county of Kildare.", False),
    ("Which region was hit by the avalanche?", "Tochigi Prefecture.", True),  # a region, when one is asked
    ("Near which Texas town did three storm chasers die?", "Three storm chasers died in Texas on Tuesday.", False),
    ("Near which Texas town did three storm chasers die?", "@NWSFortWorth pic.twitter.com/UEDpnzCkDK Texas", False),
    ("Near which Texas town did three storm chasers die?", "They crashed on a rural road in West Texas.", False),
    ("Which country tested a missile?", "North Korea did.", True),
])
def test_a_place_answer_names_a_place_of_the_asked_kind_beyond_the_question(question, text, new):
    """A region is no town, a weekday or a number word no place, a tweet's handle and link no name."""
    assert names_new(text, question, 0.85) is new


@pytest.mark.parametrize("text, missing", [
    ("Masood was born Adrian Russell Ajao, police said.", {"westminster"}),
    ("Khalid Masood, the Westminster attacker, was 52.", set()),
    ("Khalid Ahmed spoke in Westminster.", {"masood"}),
])
def test_a_person_named_in_full_is_named_by_surname_not_by_first_name(text, missing):
    question = "What was Westminster attacker Khalid Masood's name at birth?"
    assert unnamed(question, text, SIMILAR).names == missing


def test_an_organisation_is_not_named_by_the_last_word_of_its_name():
    """"Inc" stands for no company as "Masood" stands for Khalid Masood: Baidu Inc does not name Mobile Technologies Inc."""
    question = "How many jobs will Mobile Technologies Inc create?"
    assert unnamed(question, "Baidu Inc's new president is Lu Qi.", SIMILAR).names == {"mobile", "technologies"}


@pytest.mark.parametrize("text, missing", [
    ("Baidu sells mobile phones in Oregon.", {"mobile", "technologies"}),  # a common word is not the name
    ("MOBILE TECHNOLOGIES opens an Oregon office.", set()),  # a headline's capitals still write it
    ("Mobile Technologies Inc (MTI) is based in Oregon.", set()),
])
def test_a_question_name_is_stated_only_where_a_text_writes_it_as_a_name(text, missing):
    question = "How many jobs did Oregon's Mobile Technologies announce?"
    assert unnamed(question, text, SIMILAR).names == missing


def test_a_unit_asked_of_a_thing_keeps_the_thing_but_not_a_word_for_the_measure():
    assert asked("How many gigawatts of wind power will the Caspian scheme need?").measured == {"wind"}
    assert asked("How many tonnes of titanium are shipped?").measured == {"titanium"}
    assert asked("What is the plant worth in gigawatts of capacity?").measured == frozenset()
    assert asked("How many gigawatts is the plant?").measured == frozenset()


def test_a_follow_ups_answer_goes_beyond_what_the_turn_before_it_stated():
    """Asked where the skulls turned up, after a question on Veracruz's cartel graves: "Veracruz" was said."""
    before = "How many skulls were found at the cartel burial site in Veracruz? More than 250."
    where = "Where exactly did they turn up?"
    assert answers("They turned up in Veracruz.", asked(where), where, 0.85)  # the question alone names no place
    assert not answers("They turned up in Veracruz.", asked(where), where, 0.85, said=before)
    assert answers("They were found in Colinas de Santa Fe, Veracruz.", asked(where), where, 0.85, said=before)
    how_many = "How many skulls were there in all?"
    assert not answers("They found 250 skulls.", asked(how_many), how_many, 0.85, said=before)
    assert answers("They found 252 skulls.", asked(how_many), how_many, 0.85, said=before)


@pytest.mark.parametrize("question, ruled_out, rest", [
    ("Apart from the UK, which partner has a hydrogen memorandum with Kazakhstan?", {"uk"},
     "Which partner has a hydrogen memorandum with Kazakhstan?"),
    ("Which countries other than China and India import Russian oil?", {"china", "india"},
     "Which countries import Russian oil?"),
    ("Besides the United States, Britain and France, who voted?", {"united", "states", "britain", "france"}, "Who voted?"),
    ("Who other than the mayor spoke?", set(), "Who other than the mayor spoke?"),
    ("Which partner signed a memorandum with Kazakhstan?", set(), "Which partner signed a memorandum with Kazakhstan?"),
])
def test_a_question_may_rule_out_names_as_its_answer(question, ruled_out, rest):
    """The names after "apart from", "besides", "other than": only those, not the rest of the question ("Russian")."""
    assert relevance.excluded(question).names == ruled_out
    assert relevance.without_exclusion(question) == rest


@pytest.mark.parametrize("question, several", [
    ("Which Kazakh officials are named in the articles?", True), ("Which countries import Russian oil?", True),
    ("What were the names of the relatives?", True), ("Which two partners signed memorandums?", True),
    ("Which country imports Russian oil?", False), ("Who is the mayor?", False), ("How many jobs were cut?", False),
])
def test_a_list_is_asked_for_by_a_plural_or_a_count_of_items(question, several):
    assert asked(question).several is several


@pytest.mark.parametrize("question, kind, money, title", [
    ("What's the price tag on the new stadium, in dollars?", "number", True, ""),
    ("What’s the name of the ship that sank off Lesbos?", "name", False, ""),
    ("Who's the chief executive of Uber?", "name", False, "chief executive"),
])
def test_a_contracted_is_reads_as_written_out(question, kind, money, title):
    """A reporter's "What's the price tag" asks for money as "What is the price" does."""
    what = asked(question)
    assert (what.kind, what.money, what.title) == (kind, money, title)


@pytest.mark.parametrize("text, expected", [
    ("The minister arrived in Oslo on 18 March for talks.", False),  # a day of a date is no amount
    ("The minister, 57, arrived in Oslo on 18 March.", True),
    ("On March 3, 45 people were hurt.", True),
])
def test_the_day_of_a_date_does_not_answer_how_old_or_how_many(text, expected):
    what = asked("How old is the Norwegian minister?")
    assert holds(text, what) is expected
    assert answers(text, what, "How old is the Norwegian minister?", VerificationSettings().name_similarity) is expected
