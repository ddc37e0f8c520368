-- Runs on H2 (MODE=PostgreSQL) and on PostgreSQL: keep to the SQL both understand.

-- A controlled comparison: a grid of variants times seeds, expanded into training jobs in the
-- transaction that inserts this row, so an experiment never exists with part of its jobs.
create table experiment (
    id               varchar(36)  primary key,
    name             varchar(64)  not null,
    preset           varchar(32),
    request_json     text         not null,
    job_count        integer      not null,
    cancel_requested boolean      not null default false,
    created_at       timestamp with time zone not null
);

create index experiment_created on experiment (created_at);

-- Each job of an experiment names its experiment, variant and seed. The unique index makes one
-- job per cell a property of the database, whatever a restart or a retry does.
alter table training_job add column experiment_id varchar(36) references experiment (id);
alter table training_job add column experiment_variant varchar(64);
alter table training_job add column experiment_seed bigint;

create unique index training_job_experiment_cell
    on training_job (experiment_id, experiment_variant, experiment_seed);

-- An experiment job's best checkpoint evaluated at a second input size (fcn-vs-flatten): the
-- metrics, or why the network cannot take that size.
create table experiment_evaluation (
    job_id         varchar(36)      primary key references training_job (id) on delete cascade,
    image_size     integer          not null,
    top1           double precision,
    top5           double precision,
    loss           double precision,
    not_applicable text,
    created_at     timestamp with time zone not null
);
