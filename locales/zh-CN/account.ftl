# 创先争优 · 界面文字（简体中文，默认语言）
## 账户：登录、密码、访问令牌与角色名称

role-campaign-office = 创先办
role-leader = 领导
role-secretary = 支部书记
role-deputy = 支部副书记
role-member = 党员
login-title = 登录
login-username = 用户名
login-password = 密码
login-submit = 登录
login-failed = 用户名或密码不正确。
login-locked = 尝试次数过多，请在 { $time } 之后再试。
account-title = 我的账号
account-password = 修改密码
account-current = 当前密码
account-new = 新密码
account-confirm = 再次输入新密码
account-current-wrong = 当前密码不正确
account-new-short = 新密码至少 { $min } 位
account-confirm-mismatch = 两次输入的新密码不一致
account-password-help = 修改密码后，其他设备上的登录会退出，所有访问令牌会被吊销。
account-password-saved = 密码已修改，其他设备上的登录已退出，所有访问令牌已吊销。
account-tokens = 访问令牌（API）
account-tokens-help = 脚本和其他系统调用 /api/v1 时，在请求头中写 Authorization: Bearer 令牌。
account-token-name = 令牌名称
account-token-name-invalid = 请填写 1–50 个字的名称
account-token-create = 创建令牌
account-token-once = 令牌只显示这一次，请立即复制保存：
account-token-created = 创建时间
account-token-used = 最近使用
account-token-revoke = 吊销
account-token-revoked = 已于 { $at } 吊销
