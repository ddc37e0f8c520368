-- Runs on H2 (MODE=PostgreSQL) and on PostgreSQL: keep to the SQL both understand.

-- A named model. Version numbers are never reused: last_version only grows, so a client that
-- saw version 3 never meets a different version 3 after a delete.
create table model (
    name           varchar(64) primary key,
    active_version integer,
    last_version   integer not null default 0,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);

-- A version is a checkpoint under a model's name. The foreign key backs up the checkpoint
-- store's own 409: a checkpoint that a version uses can never disappear from under it.
create table model_version (
    model_name    varchar(64) not null references model (name) on delete cascade,
    version       integer     not null,
    checkpoint_id varchar(36) not null references checkpoint (id),
    created_at    timestamp with time zone not null,
    primary key (model_name, version)
);

create index model_version_checkpoint on model_version (checkpoint_id);
