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
