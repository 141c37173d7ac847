# Error: one line indented with a tab, the next with spaces.
if True:
	x = 1
        y = 2
