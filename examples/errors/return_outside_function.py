# Error: 'return' may only appear inside a function body.
total = 1 + 2
return total
