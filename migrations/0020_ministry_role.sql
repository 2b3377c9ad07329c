-- The Ministry of Health (Cục Bà mẹ và Trẻ em) holds child affairs since 2025: a national role, held
-- without a unit like the system administrator, that reads aggregates and keeps the national lists.
ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_role_check
  CHECK (role IN ('commune_officer', 'commune_chairman', 'collaborator', 'province_official', 'appraiser', 'sector_reviewer', 'signer', 'ministry_official', 'system_admin'));
-- The unnamed table check of 0001 (system_admin ⇔ no unit) now covers both national roles.
ALTER TABLE user_role DROP CONSTRAINT user_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_national_check CHECK ((role IN ('system_admin', 'ministry_official')) = (unit_id IS NULL));
