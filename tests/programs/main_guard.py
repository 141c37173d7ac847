# __name__ is "__main__" when a file is run directly.
print(__name__)
def main():
    print("main() runs because __name__ == '__main__'")
    return 0
if __name__ == "__main__":
    status = main()
    print("status", status)
else:
    print("imported")
print(type(__name__).__name__, __name__ == "__main__")
