# 创先争优 · 界面文字（简体中文，默认语言）
## 组织：首页、组织页与对外主页

org-kind-committee = 党委
org-kind-working-committee = 工委
org-kind-leading-group = 党组
org-kind-branch = 支部
org-kind-party-group = 党小组
home-title = 创先争优活动
home-intro = 创建先进基层党组织、争当优秀共产党员：方案、承诺、点评、评议、考核与表彰，一处办理。
home-todo = 待办
home-my-organisations = 我的组织
home-portals = 公开栏
home-no-organisations = 还没有组织。
portal-plan-full = 实施方案全文
portal-label = 公开栏
portal-children = 下级组织
org-open-plan = 实施方案
org-people = 人员（{ $count }）
org-import-roster = 导入花名册
org-public-portal = 对外主页
org-children = 下级组织
home-messages = 新消息
todo-tasks = 我的任务：{ $count } 项待办
todo-tasks-overdue = 我的任务：{ $count } 项已逾期
todo-rectifications-overdue = 我的整改事项：{ $count } 项已逾期
todo-unread = { $count } 条未读消息
todo-commitments = { $org }：{ $count } 份承诺待审批
todo-opinions = { $org }：{ $count } 条群众留言待审核
todo-rectifications = { $org }：{ $count } 项整改待验收销号
todo-tasks-to-check = { $org }：{ $count } 项任务待验收
todo-meetings = { $org }：本期还有 { $count } 类会议未开足
todo-laggards = { $org }：{ $count } 人学习进度落后
todo-branches-behind = { $org }：{ $count } 个支部有逾期事项
todo-publicity = { $org }：{ $count } 项评选正在公示
todo-objections = { $org }：{ $count } 条公示异议待处理
todo-inspect = { $org }：{ $count } 个抽查样本待登记结果
todo-circulars = { $org }：{ $count } 份通报草稿待发布
