class Value:
    """A scalar that remembers how it was computed, so backward() can fill in gradients."""

    def __init__(self, data):
        raise NotImplementedError

    def __add__(self, other):
        raise NotImplementedError

    def __mul__(self, other):
        raise NotImplementedError

    def __pow__(self, k):
        raise NotImplementedError

    def tanh(self):
        raise NotImplementedError

    def relu(self):
        raise NotImplementedError

    def backward(self):
        """Set self.grad = 1 and propagate gradients in reverse topological order."""
        raise NotImplementedError

    # Also needed: __neg__, __sub__, __truediv__ and the reflected __radd__, __rmul__, __rsub__, __rtruediv__.
