"""Action plans (step 3). Models arrive with the action plan work."""
