"""Public views: no sign-in, cheap, and working without JavaScript. One module per capability."""
