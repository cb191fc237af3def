# chuangxian · interface text (English, second language)
## The command line

cli-plan-ok = The plan is valid: { $code } { $title }
cli-plan-error = { $file }:{ $line }:{ $column }: { $message }
cli-plan-shifted = Every date of the plan moves by { $years } years; today ({ $today }) falls in “{ $phase }”.
cli-plan-shift-none = No shift by whole years puts today ({ $today }) inside any phase of the plan; nothing was imported. Give the years with --shift-years.
cli-plan-imported = Plan version { $version } imported for “{ $org }” (dates moved by { $years } years).
cli-org-not-found = No organisation named “{ $org }”
cli-roster-error = row { $row }, column “{ $column }”: { $reason }
cli-roster-file-error = { $file }: { $reason }
cli-roster-imported = Imported into “{ $org }”: { $new } added, { $changed } updated, { $unchanged } unchanged.
cli-roster-exported = { $count } people exported to { $file }
cli-audit-ok = The audit log is intact: { $count } entries, the hash chain unbroken.
cli-audit-altered = The audit log was tampered with: entry { $seq } does not match the chain.
cli-audit-gap = The audit log has a gap: expected entry { $expected }, found { $seq } (an entry was deleted or moved).
cli-migrated = The database schema is up to date ({ $count } migrations run now).
cli-backup-done = Backed up to { $file }
cli-restore-done = Restored from { $file }.
cli-restore-in-use = The database is in use by running servers ({ $servers }); nothing was restored. Stop every server first, then try again.
cli-serving = Serving on http://{ $addr }
cli-demo-ready = The demo is ready: http://{ $addr }
cli-demo-shifted = The demo plan's dates are moved by { $years } years: the first phase runs { $start } to { $end }, and today lies in it.
cli-demo-accounts = Demo accounts (password for all: { $password }):
cli-demo-account = { $role }: { $username } ({ $name })
cli-spot-check-not-found = There is no spot check { $id }.
cli-spot-check-not-drawn = Spot check { $id } is not drawn yet: it has no record to verify.
cli-spot-check-unreadable = Cannot read { $file }.
cli-spot-check-too-large = { $file } is too large to be a spot check's record.
cli-spot-check-bad-record = { $file } is not a spot check's record: { $error }
cli-spot-check-matches = Verified: spot check { $id } draws the same { $sample } of { $population } items as its record.
cli-spot-check-differs = Not verified: spot check { $id }'s record differs from the draw redone:
cli-spot-check-cannot-draw = The draw cannot be redone from this record: { $error }
cli-spot-check-diff-population = population hash: recorded { $recorded }, computed { $computed }
cli-spot-check-diff-seed = the revealed seed does not hash to the published { $published }
cli-spot-check-diff-no-hash = a committed seed without its published hash
cli-spot-check-diff-sample = sample #{ $position }: recorded { $recorded }, drawn again { $computed }
