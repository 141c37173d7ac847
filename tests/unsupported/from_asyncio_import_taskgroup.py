# Valid Python that peel rejects: importing a name CPython's asyncio has and peel's lacks.
from asyncio import run, TaskGroup
