from kehoach.entry import main

main()
