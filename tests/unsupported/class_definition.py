# Valid Python that peel rejects: class definitions.
class Point:
    pass
