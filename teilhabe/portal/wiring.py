"""This part's entries in the navigation, the lifecycle overview and the demo."""
