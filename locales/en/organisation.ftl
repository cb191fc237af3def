# chuangxian · interface text (English, second language)
## Organisations: the home page, an organisation's page and its public portal

org-kind-committee = Party committee
org-kind-working-committee = Working committee
org-kind-leading-group = Leading party group
org-kind-branch = Branch
org-kind-party-group = Party group
home-title = Strive for Excellence campaign
home-intro = Advanced party organisations, excellent members: plan, commitments, reviews, evaluations, assessment and commendation in one place.
home-todo = Waiting for you
home-tasks = My tasks: { $count } open
home-tasks-overdue = { $count } overdue
home-my-organisations = My organisations
home-portals = Public boards
home-no-organisations = There are no organisations yet.
portal-plan-full = The plan in full
portal-label = Public board
org-open-plan = Implementation plan
org-people = People ({ $count })
org-import-roster = Import roster
org-public-portal = Public page
org-children = Organisations below
