-- Search text now starts each word with a space (see searchTextFor); rebuild it, and order searches by name from an index.
update people set search_text = ' ' || lower(regexp_replace(trim(concat_ws(' ', forenames, surname, payroll_number, coalesce(collar_number, ''))), '\s+', ' ', 'g'));
drop index people_surname_idx;
create index people_name_order_idx on people (lower(surname), lower(forenames), payroll_number);
