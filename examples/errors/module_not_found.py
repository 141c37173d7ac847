# Runtime error: a module that neither CPython nor peel has. peel refuses before the run
# the modules CPython has and it lacks ("peel does not support the module 'random'");
# a module nobody has is what CPython makes of it, a ModuleNotFoundError when the import
# runs, after the output before it.
print("importing a module nobody has")
import peel_lessons_helpers

print(peel_lessons_helpers.greeting)
