print("pio")
