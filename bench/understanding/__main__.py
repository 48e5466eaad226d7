from bench.understanding.report import main

main()
