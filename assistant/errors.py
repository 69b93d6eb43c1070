"""One family of errors. Every message is fit to show a reader; apps catch `NewsdeskError` and show it."""


class NewsdeskError(Exception):
    """Base of every error the library raises on purpose."""


class ConfigError(NewsdeskError, ValueError):
    """A setting has a value the library cannot use (bad number, unknown choice, malformed password)."""


class QuestionError(NewsdeskError, ValueError):
    """The question cannot be asked as given (empty, too long, a malformed filter)."""


class EmptyCorpusError(NewsdeskError):
    """No article has been ingested yet."""


class StoreError(NewsdeskError):
    """The Chroma store cannot be opened or used, or was built by another embedder."""


class EmbedderError(NewsdeskError):
    """An embedding server could not be reached, failed, or did not return one vector per text; or could not start."""


class LLMError(NewsdeskError):
    """The language model could not be reached or failed."""


class ReadError(NewsdeskError, ValueError):
    """A file or feed row that cannot become an article; the message names the file and why."""


class NotFoundError(NewsdeskError, KeyError):
    """No stored article has that id."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0]) if self.args else ""
