print("Guardian service module imported")
configure()

print("Guardian service module imported")
