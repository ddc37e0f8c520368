-- The instance that claimed a job last. lease_owner is cleared when the job ends or goes back to
-- the queue; this stays, so that one can tell afterwards which replica ran the job.
alter table training_job add column claimed_by varchar(200);
