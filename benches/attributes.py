# Attribute-heavy code: particles moved step by step, every value an attribute read
# or write on an instance (no method calls in the inner loop but one per particle).


class Particle:
    def __init__(self, x, y, vx, vy):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy


def simulate(particles, steps):
    for _ in range(steps):
        for p in particles:
            p.x += p.vx
            p.y += p.vy
            if p.x < 0 or p.x > 100:
                p.vx = -p.vx
            if p.y < 0 or p.y > 100:
                p.vy = -p.vy
    return sum(p.x + p.y for p in particles)


ps = [Particle(i % 100, (i * 7) % 100, (i % 5) - 2, (i % 3) - 1) for i in range(1000)]
print(simulate(ps, 400))
