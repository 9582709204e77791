from kehoach.cli.entry import main

main()
