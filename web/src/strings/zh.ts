import type { en } from './en';

export const zh: Record<keyof typeof en, string> = {
  appName: '晚霞关爱',
  signIn: '登录',
  signOut: '退出登录',
  email: '电子邮箱',
  password: '密码',
  signInTitle: '登录晚霞关爱',
  signInExpired: '登录已过期。请重新登录以继续，您输入的内容会保留。',
  signingIn: '正在登录…',
  language: '语言',
  loading: '加载中…',
  today: '今日',
  retirees: '退休人员',
  import: '导入',
  messages: '短信',
  people: '人员',
  reports: '报表',
  settings: '设置',
  devPhone: '开发手机',
  skipToContent: '跳到主要内容',
  notFound: '此页面不存在。',
};
