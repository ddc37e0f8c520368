-- How a succeeded job's publishAs went (JSON): the model version it became, or why it did not.
alter table training_job add column publication text;
