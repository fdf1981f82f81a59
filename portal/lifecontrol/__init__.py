"""Life control: pensioners living abroad prove each year that they are alive (campaigns, letters,
answers, review, reminders, suspension and reinstatement exports). See README, "Life control"."""
