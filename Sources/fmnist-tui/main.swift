print("fmnist-tui")
