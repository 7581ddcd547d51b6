from baiterek.cli import main

main()
