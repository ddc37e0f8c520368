-- The registry of image-folder datasets (uploaded archives, server folders, downloaded archives).
-- The built-in IDX datasets are not rows: their files are found where they are installed.
-- A row is only inserted once the dataset's images are extracted, decoded and cached, so every
-- row is usable. Runs on H2 (MODE=PostgreSQL) and on PostgreSQL.

create table dataset (
    name          varchar(64)      primary key,
    kind          varchar(16)      not null,
    status        varchar(16)      not null,
    source        varchar(16)      not null,
    origin        text             not null,
    layout        varchar(16)      not null,
    classes_json  text             not null,
    train_size    integer          not null,
    valid_size    integer          not null,
    skipped_files integer          not null,
    image_size    integer          not null,
    min_width     integer          not null,
    max_width     integer          not null,
    mean_width    double precision not null,
    min_height    integer          not null,
    max_height    integer          not null,
    mean_height   double precision not null,
    channel_mean  varchar(200)     not null,
    channel_std   varchar(200)     not null,
    created_at    timestamp with time zone not null
);
