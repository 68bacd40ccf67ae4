"""Errors a capture can fail with; each carries a reason a person understands."""


class CaptureError(ValueError):
    """The capture cannot be cleaned; ``str(err)`` says why."""


class UndecodableCapture(CaptureError):
    """The bytes are not text in any encoding the cleaner can detect."""


class EmptyCapture(CaptureError):
    """The capture holds no text at all."""


class CaptureTooLarge(CaptureError):
    """The capture is over the configured size limit (``CleanConfig.max_bytes``)."""


class MalformedCapture(CaptureError):
    """The capture is text, but past what its parser can read without losing part of it."""
