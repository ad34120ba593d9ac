-- Issue 16: account deletion must leave the person's id in no column. The staff audit log
-- is append-only, and staff actions on a person (role, suspension) name them as the
-- target. It stays append-only with one narrow exception: a row whose target is replaced
-- by a deleted-account pseudonym, every other column unchanged (app/lib/account/delete-account.ts).
DROP TRIGGER staff_audit_log_no_update;
CREATE TRIGGER staff_audit_log_no_update BEFORE UPDATE ON staff_audit_log
WHEN NOT (
  NEW.target_id LIKE 'deleted-account-%' AND OLD.target_id NOT LIKE 'deleted-account-%'
  AND NEW.id IS OLD.id AND NEW.actor_id IS OLD.actor_id AND NEW.action IS OLD.action
  AND NEW.target_type IS OLD.target_type AND NEW.before_json IS OLD.before_json
  AND NEW.after_json IS OLD.after_json AND NEW.note IS OLD.note AND NEW.created_at IS OLD.created_at
)
BEGIN
  SELECT RAISE(ABORT, 'the staff audit log is append-only');
END;
