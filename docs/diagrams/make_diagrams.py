# Draws the guide's two diagrams (the four pillars; a partial deployment
# growing into a full region) as SVG in English, Chinese and Arabic, into
# static/images/. Run it after changing a label: python3 docs/diagrams/make_diagrams.py
from xml.sax.saxutils import escape as e
import os
out=os.path.join(os.path.dirname(__file__), '..', '..', 'static', 'images') + os.sep
DIR=' direction="rtl"'
FONT='system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic", Arial, sans-serif'
COL={'strategy':('#6d4bd1','#f1ecfd'),'technical-readiness':('#0b6fa4','#e6f3fb'),'compliance':('#0f7b55','#e5f6ef'),'go-to-market':('#b8560b','#fdf0e6')}
P={
'en':{'title':'The four pillars of a regional expansion','sub':'How the program is organized',
 'p':[('strategy','Strategy','Market fit, go-to-market','strategy, channels, pricing'),('technical-readiness','Technical readiness','Avoid surprises, optimize','cost, ensure availability'),('compliance','Compliance','Data protection and sector','rules, passing audits'),('go-to-market','Go-to-market','AWS, AWS Marketplace and','a trusted local partner')]},
'zh':{'title':'区域扩张的四大支柱','sub':'计划的组织方式',
 'p':[('strategy','战略规划','市场契合度、市场推广','策略、渠道与定价'),('technical-readiness','技术准备','避免意外、优化成本、','确保服务可用性'),('compliance','合规','数据保护与行业规则，','持续通过审计'),('go-to-market','市场推广','AWS、AWS Marketplace','与值得信赖的本地合作伙伴')]},
'ar':{'title':'الركائز الأربع للتوسع الإقليمي','sub':'كيف يُنظَّم البرنامج',
 'p':[('strategy','الاستراتيجية','ملاءمة السوق، واستراتيجية','الانطلاق، والقنوات، والتسعير'),('technical-readiness','الجاهزية التقنية','تجنّب المفاجآت، وخفض','التكلفة، وضمان التوافر'),('compliance','الامتثال','حماية البيانات والقواعد','القطاعية، واجتياز التدقيق'),('go-to-market','الانطلاق إلى السوق','AWS','AWS Marketplace','وشريك محلي موثوق')]},
}
def pillars(lang):
    d=P[lang]; rtl=lang=='ar'
    W,H=640,500
    parts=[f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-labelledby="t d" font-family=\'{FONT}\'{DIR if rtl else ""}>',
      f'<title id="t">{e(d["title"])}</title><desc id="d">{e(", ".join(p[1] for p in d["p"]))}</desc>',
      f'<rect width="{W}" height="{H}" rx="16" fill="#ffffff"/>',
      f'<text x="{W/2}" y="44" text-anchor="middle" font-size="26" font-weight="700" fill="#15202b">{e(d["title"])}</text>',
      f'<text x="{W/2}" y="76" text-anchor="middle" font-size="18" fill="#526071">{e(d["sub"])}</text>']
    bw,bh,gap,x0,y0=290,185,20,20,100
    for i,(slug,name,*lines) in enumerate(d['p']):
        col,row=i%2,i//2
        if rtl: col=1-col
        c,soft=COL[slug]; x=x0+col*(bw+gap); y=y0+row*(bh+gap)
        parts.append(f'<rect x="{x}" y="{y}" width="{bw}" height="{bh}" rx="12" fill="{soft}" stroke="{c}" stroke-width="2"/>')
        parts.append(f'<rect x="{x}" y="{y}" width="{bw}" height="8" rx="4" fill="{c}"/>')
        parts.append(f'<text x="{x+bw/2}" y="{y+56}" text-anchor="middle" font-size="24" font-weight="700" fill="{c}">{e(name)}</text>')
        for j,l in enumerate(lines):
            parts.append(f'<text x="{x+bw/2}" y="{y+100+j*28}" text-anchor="middle" font-size="18" fill="#15202b">{e(l)}</text>')
    parts.append('</svg>\n')
    suffix='' if lang=='en' else '.'+lang
    open(out+f'pillars{suffix}.svg','w').write(''.join(parts))
D={
'en':{'title':'A partial deployment grows into a full region','day':'Day one','grown':'As the region grows',
 'local':'In the new region','central':'Stays central','deferred':'Deferred',
 'L':['Customer data stores','Application and API tier','Processing of customer data','Object storage and backups'],
 'C':['Control plane and billing','CI/CD and observability','Machine-learning training'],
 'F':['Rarely used add-ons','Disaster recovery copy'],
 'move':'moves in when load or revenue reaches the level you set'},
'zh':{'title':'部分部署逐步扩展为完整区域','day':'第一天','grown':'随着区域增长',
 'local':'在新区域中','central':'保持集中','deferred':'推迟',
 'L':['客户数据存储','应用与 API 层','客户数据处理','对象存储与备份'],
 'C':['控制平面与计费','CI/CD 与可观测性','机器学习训练'],
 'F':['很少使用的附加功能','灾难恢复副本'],
 'move':'当负载或收入达到您设定的水平时迁入'},
'ar':{'title':'نشر جزئي ينمو إلى منطقة كاملة','day':'اليوم الأول','grown':'مع نمو المنطقة',
 'local':'في المنطقة الجديدة','central':'تبقى مركزية','deferred':'مؤجَّلة',
 'L':['مخازن بيانات العملاء','طبقة التطبيق وواجهات API','معالجة بيانات العملاء','تخزين الكائنات والنسخ الاحتياطية'],
 'C':['مستوى التحكم والفوترة','CI/CD والمراقبة','تدريب نماذج التعلّم الآلي'],
 'F':['الإضافات قليلة الاستخدام','نسخة التعافي من الكوارث'],
 'move':'تنتقل إليها عندما يبلغ الحمل أو الإيراد المستوى الذي تحدده'},
}
def partial(lang):
    d=D[lang]; rtl=lang=='ar'
    W,H=960,430
    loc,cen,dfr=('#0f7b55','#e5f6ef'),('#0b6fa4','#e6f3fb'),('#8a5300','#fff6e0')
    p=[f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-labelledby="t d" font-family=\'{FONT}\'{DIR if rtl else ""}>',
       f'<title id="t">{e(d["title"])}</title><desc id="d">{e(d["day"]+": "+", ".join(d["L"])+"; "+d["central"]+": "+", ".join(d["C"])+"; "+d["deferred"]+": "+", ".join(d["F"])+". "+d["grown"]+": "+d["move"])}</desc>',
       f'<rect width="{W}" height="{H}" rx="16" fill="#ffffff"/>',
       f'<text x="{W/2}" y="40" text-anchor="middle" font-size="24" font-weight="700" fill="#15202b">{e(d["title"])}</text>']
    # columns: day one (left) / grown (right); mirrored for rtl
    colx=[30,500] if not rtl else [500,30]
    cw=430
    def box(x,y,w,h,c,title,items):
        p.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="{c[1]}" stroke="{c[0]}" stroke-width="2"/>')
        p.append(f'<text x="{x+w/2}" y="{y+26}" text-anchor="middle" font-size="16" font-weight="700" fill="{c[0]}">{e(title)}</text>')
        for j,it in enumerate(items):
            p.append(f'<text x="{x+w/2}" y="{y+52+j*22}" text-anchor="middle" font-size="14" fill="#15202b">{e(it)}</text>')
    # day one
    x=colx[0]
    p.append(f'<text x="{x+cw/2}" y="80" text-anchor="middle" font-size="18" font-weight="700" fill="#334155">{e(d["day"])}</text>')
    box(x,96,cw,134,loc,d['local'],d['L'])
    box(x,244,(cw-16)//2,126,cen,d['central'],[])
    for j,it in enumerate(d['C']):
        p.append(f'<text x="{x+(cw-16)/4}" y="{244+52+j*22}" text-anchor="middle" font-size="13" fill="#15202b">{e(it)}</text>')
    bx=x+(cw-16)//2+16
    box(bx,244,(cw-16)//2,126,dfr,d['deferred'],[])
    for j,it in enumerate(d['F']):
        p.append(f'<text x="{bx+(cw-16)/4}" y="{244+52+j*22}" text-anchor="middle" font-size="13" fill="#15202b">{e(it)}</text>')
    # grown
    x=colx[1]
    p.append(f'<text x="{x+cw/2}" y="80" text-anchor="middle" font-size="18" font-weight="700" fill="#334155">{e(d["grown"])}</text>')
    box(x,96,cw,200,loc,d['local'],d['L']+d['F'])
    box(x,306,cw,78,cen,d['central'],[])
    p.append(f'<text x="{x+cw/2}" y="{306+48}" text-anchor="middle" font-size="13" fill="#15202b">{e(", ".join(d["C"][:2]))}</text>')
    p.append(f'<text x="{x+cw/2}" y="{306+68}" text-anchor="middle" font-size="13" fill="#15202b">{e(d["C"][2])}</text>')
    # arrow from deferred to grown local
    if not rtl:
        p.append('<path d="M 460 300 C 480 300, 480 200, 496 200" fill="none" stroke="#8a5300" stroke-width="2.5"/><path d="M 496 200 l -10 -6 v 12 z" fill="#8a5300"/>')
    else:
        p.append('<path d="M 500 300 C 480 300, 480 200, 464 200" fill="none" stroke="#8a5300" stroke-width="2.5"/><path d="M 464 200 l 10 -6 v 12 z" fill="#8a5300"/>')
    p.append(f'<text x="{W/2}" y="{H-22}" text-anchor="middle" font-size="14" fill="#8a5300">{e(d["deferred"]+": "+d["move"])}</text>')
    p.append('</svg>\n')
    suffix='' if lang=='en' else '.'+lang
    open(out+f'partial-deployment{suffix}.svg','w').write(''.join(p))
for l in ('en','zh','ar'):
    pillars(l); partial(l)
print('ok')
