from lienthong_client.cli import main

raise SystemExit(main())
