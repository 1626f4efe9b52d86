from ihd.cli import main

raise SystemExit(main())
