# 创先争优 · 界面文字（简体中文，默认语言）
## 消息：收件箱与各环节的工作提醒

inbox-title = 消息
inbox-empty = 没有消息。
inbox-new = 新
inbox-open = 打开
inbox-mark-read = 标为已读
notice-commitment-submitted = { $name } 提交了承诺，等待审批
notice-commitment-approved = 您的承诺（{ $name }）已批准，已在公开栏公开
notice-commitment-returned = 您的承诺（{ $name }）被退回，请修改后重新提交
notice-opinion-to-moderate = 公开栏有新的群众留言等待审核
notice-opinion-shown = 您的承诺收到一条群众留言，已公开，可以回复
notice-review-new = { $reviewer } 对您作了点评
notice-review-reply = 您的点评收到了回复
notice-rectification-reported = 整改事项“{ $problem }”报告了整改情况
notice-rectification-overdue = 整改事项“{ $problem }”已过期限，尚未销号
notice-assessment-final = { $phase }考核结果已确定：{ $grade }
notice-nomination-self = 有党员自荐参加“{ $title }”评选，待支部推荐
notice-nomination-proposed = 有新的“{ $title }”推荐对象待审核
notice-nomination-reviewed = 有“{ $title }”推荐对象待审定
notice-nomination-returned = “{ $title }”推荐对象被退回
notice-publicity-open = 您已列入拟表彰对象公示，公示至 { $ends }
notice-objection-new = “{ $title }”公示收到新的异议，待处理
notice-honour = 您获得“{ $title }”荣誉
notice-case-submitted = 先进典型“{ $title }”待审核
notice-case-published = 先进典型已发布
notice-case-returned = 先进典型被退回，请修改
notice-activity-owner = 您是活动“{ $name }”的负责人
notice-task-assigned = 新任务“{ $title }”，{ $due } 前完成
notice-task-submitted = 任务“{ $title }”已提交，待验收
notice-task-returned = 任务“{ $title }”被退回：{ $reason }
notice-task-done = 任务“{ $title }”已验收通过
notice-task-due = 任务“{ $title }”将于 { $due } 到期
notice-task-overdue = 任务“{ $title }”已逾期（应于 { $due } 完成）
notice-rectification-raised = 新的整改事项：{ $problem }
notice-spot-check-drawn = “{ $title }”抽中了：{ $item }
notice-spot-check-inspect = “{ $title }”已抽取样本，待登记检查结果
