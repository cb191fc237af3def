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
home-messages = New messages
todo-tasks = My tasks: { $count } open
todo-tasks-overdue = My tasks: { $count } overdue
todo-rectifications-overdue = My rectification items: { $count } overdue
todo-unread = { $count } unread messages
todo-commitments = { $org }: { $count } commitments to approve
todo-opinions = { $org }: { $count } opinions to moderate
todo-rectifications = { $org }: { $count } rectification items to check
todo-tasks-to-check = { $org }: { $count } tasks to check
todo-meetings = { $org }: { $count } kinds of meeting still due this period
todo-laggards = { $org }: { $count } people behind in study
todo-branches-behind = { $org }: { $count } branches with overdue items
todo-publicity = { $org }: { $count } selections in public notice
todo-objections = { $org }: { $count } objections to handle
todo-inspect = { $org }: { $count } sampled items to inspect
todo-circulars = { $org }: { $count } draft circulars to publish
