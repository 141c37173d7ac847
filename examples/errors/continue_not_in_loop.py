# Error: 'continue' outside of a loop.
value = 5
if value:
    continue
