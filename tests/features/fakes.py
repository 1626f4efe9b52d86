"""Stand-ins for the other features a feature is given."""


class Calls:
    """A stand-in for another feature's function: it remembers what it was called with."""

    def __init__(self, result=None):
        self.calls, self.result = [], result

    def __call__(self, *args):
        self.calls.append(args)
        return self.result
