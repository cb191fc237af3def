# chuangxian · interface text (English, second language)
## The inbox and the workflow notices of each step

inbox-title = Messages
inbox-empty = No messages.
inbox-new = new
inbox-open = Open
inbox-mark-read = Mark as read
notice-commitment-submitted = { $name } submitted a commitment for approval
notice-commitment-approved = Your commitment ({ $name }) is approved and on the public board
notice-commitment-returned = Your commitment ({ $name }) was returned; revise it and submit again
notice-opinion-to-moderate = A new opinion on the public board waits for moderation
notice-opinion-shown = An opinion on your commitment is now shown; you may reply
notice-review-new = { $reviewer } reviewed you
notice-review-reply = Your review has a reply
notice-rectification-reported = Progress was reported on the rectification item “{ $problem }”
notice-rectification-overdue = The rectification item “{ $problem }” is past its due date and not closed
notice-assessment-final = The assessment of { $phase } is final: { $grade }
notice-nomination-self = A member put themself forward for “{ $title }”; the branch decides
notice-nomination-proposed = A nomination for “{ $title }” waits for review
notice-nomination-reviewed = A nomination for “{ $title }” waits for the decision
notice-nomination-returned = A nomination for “{ $title }” was returned
notice-publicity-open = You are on the public notice of candidates until { $ends }
notice-objection-new = An objection to the notice of “{ $title }” waits to be handled
notice-honour = You are awarded “{ $title }”
notice-case-submitted = The exemplary case “{ $title }” waits for review
notice-case-published = Your exemplary case is published
notice-case-returned = Your exemplary case was returned for changes
notice-activity-owner = You are in charge of the activity “{ $name }”
notice-task-assigned = New task “{ $title }”, due { $due }
notice-task-submitted = The task “{ $title }” was handed in and waits for your check
notice-task-returned = The task “{ $title }” was sent back: { $reason }
notice-task-done = The task “{ $title }” was accepted
notice-task-due = The task “{ $title }” is due on { $due }
notice-task-overdue = The task “{ $title }” is overdue (due { $due })
notice-rectification-raised = A new item to rectify: { $problem }
notice-spot-check-drawn = “{ $title }” drew: { $item }
notice-spot-check-inspect = The sample of “{ $title }” is drawn and waits for findings
