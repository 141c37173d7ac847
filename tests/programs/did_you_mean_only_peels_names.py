# peel suggests only names it has. CPython's asyncio has TaskGroup, so CPython suggests
# it for this typo; peel has no TaskGroup, and suggesting it would send the learner to
# a name that fails too: peel's report ends without a suggestion.
# peel: raises AttributeError: module 'asyncio' has no attribute 'TaskGrop'
import asyncio

print(asyncio.sleep.__name__)
asyncio.TaskGrop
