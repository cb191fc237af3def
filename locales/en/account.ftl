# chuangxian · interface text (English, second language)
## Accounts: sign-in, passwords, access tokens and the names of roles

role-campaign-office = Campaign office
role-leader = Leader
role-secretary = Branch secretary
role-deputy = Deputy secretary
role-member = Party member
login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-failed = Wrong username or password.
login-locked = Too many attempts. Please try again after { $time }.
account-title = My account
account-password = Change password
account-current = Current password
account-new = New password
account-confirm = New password again
account-current-wrong = The current password is wrong
account-new-short = The new password needs at least { $min } characters
account-confirm-mismatch = The two new passwords differ
account-password-help = Changing the password ends sign-ins on other devices and revokes every access token.
account-password-saved = Password changed; sign-ins on other devices have ended and every access token is revoked.
account-tokens = Access tokens (API)
account-tokens-help = Scripts and other systems calling /api/v1 send the header Authorization: Bearer followed by the token.
account-token-name = Token name
account-token-name-invalid = Please give a name of 1–50 characters
account-token-create = Create token
account-token-once = The token is shown only this once; copy it now:
account-token-created = Created
account-token-used = Last used
account-token-revoke = Revoke
account-token-revoked = revoked { $at }
