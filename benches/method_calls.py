# Method calls: a small class with a few methods and attributes, one million calls.
# Measures calling a method through an instance (lookup on the class, binding self),
# reading and writing instance attributes, and a property.


class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0
        self.operations = 0

    def deposit(self, amount):
        self.balance += amount
        self.operations += 1

    def withdraw(self, amount):
        if amount <= self.balance:
            self.balance -= amount
            self.operations += 1
            return True
        return False

    @property
    def rich(self):
        return self.balance > 1000


def run(n):
    acct = Account("ada")
    rich = 0
    for i in range(n):
        acct.deposit(i % 7)
        if not acct.withdraw(i % 5):
            acct.deposit(1)
        if acct.rich:
            rich += 1
    return acct.balance, acct.operations, rich


print(run(333_334))
