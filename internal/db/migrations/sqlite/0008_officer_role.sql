-- The officer role (sysadmin, secadmin or auditor) an account has ever
-- held, so that no account holds two of them in turn, not even by way of
-- a business role in between.
ALTER TABLE users ADD COLUMN officer_role TEXT NOT NULL DEFAULT '';
UPDATE users SET officer_role = role WHERE role IN ('sysadmin', 'secadmin', 'auditor');
