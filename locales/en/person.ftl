# chuangxian · interface text (English, second language)
## People: the roster imported and exported, and personal details

gender-male = male
gender-female = female
status-full = Full member
status-probationary = Probationary member
status-masses = Non-member
people-label = People
people-title = People of { $org }
people-total = { $count ->
    [one] 1 person
   *[other] { $count } people
}
people-export = Export to Excel
col-name = Name
col-gender = Gender
col-status = Political status
col-joined = Joined the Party
col-position = Position
col-organisation = Organisation
col-party-group = Party group
col-phone = Phone
col-username = Username
roster-file-title = Roster of { $org }
roster-template-title = Roster template
import-title = Import roster
import-help = Upload an Excel (xlsx, xls), WPS/ODS or CSV file. The header may sit below a title row, columns may come in any order, dates may read 2008.07, 2008-7-1 or 2008年7月. You see a preview first; nothing is imported until you confirm, and nothing at all if any row is wrong.
import-template = Download the template
import-file = Roster file
import-upload = Upload and preview
import-preview = “{ $file }”: { $count } people, all rows valid.
import-preview-more = The first { $shown } rows are listed; the other { $rest } are imported with them.
import-running = Importing, please wait…
import-ignored-columns = These columns are not imported: { $columns }
import-confirm = Import { $count } people
import-create-groups = Create the party groups the roster names that do not exist yet
roster-missing-groups = These party groups do not exist yet: { $value }. Tick “Create the party groups” and upload again to create them
import-counts = { $new } to add, { $changed } to update, { $unchanged } the same as on the roster (people already there are matched by name and date of birth; nobody is removed).
import-effect = On import
import-row-new = Added
import-row-unchanged = Unchanged
import-row-changed = Updated: { $columns }
import-done = Imported: { $new } added, { $changed } updated, { $unchanged } unchanged.
import-row = Row
import-column = Column
import-reason = Reason
import-error-no-file = Please choose a file.
import-error-too-large = The file is too large; the limit is { $max } MB.
import-error-kind = The file's content does not match its name, or it is not a supported spreadsheet (xlsx, xls, ods, csv).
import-error-expands = The file would expand too far when unpacked; refused.
import-error-too-many-cells = The sheet is larger than allowed: at most 200,000 rows, 200 columns, 2,000,000 cells and 1,000,000 distinct texts in all; refused.
import-error-unreadable = The file cannot be read; save it as xlsx from Excel or WPS and try again.
import-error-rows = { $count ->
    [one] 1 problem found; nobody was imported. Correct it and upload again.
   *[other] { $count } problems found; nobody was imported. Correct them and upload again.
}
roster-no-header = no header row with a name (姓名) column in the first ten rows
roster-unknown-organisation = no organisation named “{ $value }”
roster-duplicate-username = the username “{ $value }” is already taken
col-born = Born
col-confirmed = Full member since
col-email = E-mail
person-new-title = Add a person
person-no-account = no account yet
person-roles = Roles
person-no-roles = No roles yet
person-grant-role = Grant role
person-revoke-role = Revoke
person-password = Initial password
person-password-help = Make a one-time password to hand to the person, who changes it under "My account". Their other sign-ins end.
person-password-once = The password is shown only this once; hand it to the person:
person-issue-password = Make an initial password
person-open-account = Open an account
