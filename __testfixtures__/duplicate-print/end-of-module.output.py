print("Guardian service module imported")
configure()
