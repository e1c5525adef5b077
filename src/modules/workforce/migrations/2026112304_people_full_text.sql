-- People are searched by the start of any word of their name, payroll or collar number, through a full-text index:
-- a prefix query (term:*) reads one range of the index, where trigram matching had to intersect many posting lists.
alter table people add column search_vector tsvector
  generated always as (to_tsvector('simple', forenames || ' ' || surname || ' ' || payroll_number || ' ' || coalesce(collar_number, ''))) stored;
create index people_search_vector_idx on people using gin (search_vector);
drop index people_search_trgm;
alter table people drop column search_text;
