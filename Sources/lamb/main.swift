print("lamb")
