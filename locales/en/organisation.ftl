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
portal-children = Subordinate organisations
org-open-plan = Implementation plan
org-people = People ({ $count })
org-import-roster = Import roster
org-public-portal = Public page
org-children = Organisations below
home-messages = New messages
todo-tasks = My open tasks: { $count }
todo-tasks-overdue = My overdue tasks: { $count }
todo-rectifications-overdue = My overdue rectification items: { $count }
todo-unread = Unread messages: { $count }
todo-commitments = { $org }: commitments to approve: { $count }
todo-opinions = { $org }: opinions to moderate: { $count }
todo-rectifications = { $org }: rectification items to check: { $count }
todo-tasks-to-check = { $org }: tasks to check: { $count }
todo-meetings = { $org }: kinds of meeting still due this period: { $count }
todo-laggards = { $org }: people behind in study: { $count }
todo-branches-behind = { $org }: branches with overdue items: { $count }
todo-publicity = { $org }: selections in public notice: { $count }
todo-objections = { $org }: objections to handle: { $count }
todo-inspect = { $org }: sampled items to inspect: { $count }
todo-circulars = { $org }: draft circulars to publish: { $count }
