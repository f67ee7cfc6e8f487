// report.html, part 1 of 3 (inlined by html.rs inside one function): the
// threat list. Decodes the JSON blob, filters, searches and groups, and
// draws only the rows on screen (a virtual list of fixed-height rows).
var D=JSON.parse(document.getElementById('report-data').textContent),S=D.s,T=D.th,N=T.id.length;
var SEV=['critical','high','medium','low','none'],STA=['open','in-progress','mitigated','accepted','false-positive'];
var ROW=30,elTop={},bdId=[],bdLabel=[];
for(var i=0;i<D.bd.il.length;i+=2){bdId.push(S[D.bd.il[i]]);bdLabel.push(S[D.bd.il[i+1]]);}
// The top-level boundary of boundary b (1-based; 0 is none).
function topB(b){for(var n=0;b&&D.bd.p[b-1]&&n<bdId.length;n++){b=D.bd.p[b-1];}return b;}
D.el.id.forEach(function(s,i){elTop[S[s]]=topB(D.el.b[i]);});
function str(col,i){return S[T[col][i]];}
function topOf(i){var t=elTop[str('tg',i)];return t===undefined?-1:t;}
var list=document.getElementById('list'),inner=document.createElement('div');
inner.className='vinner';list.appendChild(inner);
var boundarySel=document.getElementById('f-boundary');
bdId.forEach(function(b,k){if(D.bd.p[k]){return;}var o=document.createElement('option');o.value=String(k+1);o.textContent=b+(bdLabel[k]&&bdLabel[k]!==b?' — '+bdLabel[k]:'');boundarySel.appendChild(o);});
var shown=[],rows=[],open={};
function want(name){var w={};document.querySelectorAll('.filters input[name="'+name+'"]').forEach(function(b){if(b.checked){w[b.value]=1;}});return w;}
function filter(){
  var sv=want('severity'),st=want('status'),ca=want('category'),sd=want('stride');
  var q=document.getElementById('f-search').value.trim().toLowerCase(),b=boundarySel.value;
  shown=[];
  for(var i=0;i<N;i++){
    if(!sv[SEV[T.sv[i]]]||!st[STA[T.st[i]]]||!ca[str('ca',i)]){continue;}
    var letters=str('sd',i);if(letters===''){letters='-';}
    if(!letters.split(' ').some(function(l){return sd[l];})){continue;}
    if(b!==''&&String(topOf(i))!==b){continue;}
    if(q&&[str('id',i),str('ti',i),str('tg',i),str('ru',i)].join('\n').toLowerCase().indexOf(q)<0){continue;}
    shown.push(i);
  }
  regroup();
}
function groupKey(g,i){return g==='rule'?str('ru',i):g==='element'?str('tk',i)+' '+str('tg',i):str('ca',i);}
function regroup(){
  var g=document.getElementById('f-group').value;rows=[];
  if(g==='none'){shown.forEach(function(i){rows.push(i);});}
  else{
    var groups={},order=[];
    shown.forEach(function(i){var k=groupKey(g,i);if(!groups[k]){groups[k]=[];order.push(k);}groups[k].push(i);});
    order.sort();
    order.forEach(function(k){rows.push({key:k,items:groups[k]});if(open[g+'\n'+k]){groups[k].forEach(function(i){rows.push(i);});}});
  }
  document.getElementById('count').textContent=shown.length+' of '+N+' threats shown'+(g==='none'?'':' in '+rows.filter(function(r){return typeof r==='object';}).length+' groups');
  inner.style.height=(rows.length*ROW)+'px';draw(true);
}
function cell(row,text,cls){var s=document.createElement('span');s.textContent=text;if(cls){s.className=cls;}s.title=text;row.appendChild(s);return s;}
function threatRow(i){
  var r=document.createElement('div');r.className='vrow threat';r.dataset.id=str('id',i);r.dataset.severity=SEV[T.sv[i]];r.dataset.status=STA[T.st[i]];
  var a=document.createElement('a');a.href='#threat='+encodeURIComponent(str('id',i));a.textContent=str('id',i);a.className='c-id';r.appendChild(a);
  cell(r,str('ti',i),'c-title');cell(r,str('tk',i)+' '+str('tg',i),'c-target');cell(r,str('ca',i),'c-cat');
  cell(r,SEV[T.sv[i]],'sev '+SEV[T.sv[i]]);cell(r,(T.sc[i]/10).toFixed(1),'c-score');cell(r,str('sl',i),'c-status');
  if(i===current){r.classList.add('current');}
  return r;
}
function groupRow(o){
  var g=document.getElementById('f-group').value,r=document.createElement('div');r.className='vrow group';r.dataset.key=o.key;
  var lo=4,hi=0,targets={},nt=0;o.items.forEach(function(i){lo=Math.min(lo,T.sv[i]);hi=Math.max(hi,T.sv[i]);var t=str('tg',i);if(!targets[t]){targets[t]=1;nt++;}});
  var b=document.createElement('button');b.type='button';b.className='toggle';b.textContent=(open[g+'\n'+o.key]?'\u25be ':'\u25b8 ')+o.key;b.setAttribute('aria-expanded',open[g+'\n'+o.key]?'true':'false');r.appendChild(b);
  cell(r,o.items.length+(o.items.length===1?' threat':' threats'),'c-count');
  cell(r,lo===hi?SEV[lo]:SEV[lo]+' \u2013 '+SEV[hi],'c-range sev '+SEV[lo]);
  cell(r,nt+(nt===1?' target: ':' targets: ')+Object.keys(targets).slice(0,5).join(', ')+(nt>5?', \u2026':''),'c-targets');
  b.addEventListener('click',function(){var k=g+'\n'+o.key;open[k]=!open[k];regroup();});
  return r;
}
var drawn=[-1,-1],current=-1;
function draw(force){
  var first=Math.max(0,Math.floor(list.scrollTop/ROW)-5),last=Math.min(rows.length,first+Math.ceil((list.clientHeight||600)/ROW)+10);
  if(!force&&drawn[0]===first&&drawn[1]===last){return;}
  drawn=[first,last];var frag=document.createDocumentFragment();
  for(var k=first;k<last;k++){var r=typeof rows[k]==='object'?groupRow(rows[k]):threatRow(rows[k]);r.style.top=(k*ROW)+'px';frag.appendChild(r);}
  inner.textContent='';inner.appendChild(frag);
}
list.addEventListener('scroll',function(){draw(false);});
window.addEventListener('resize',function(){draw(true);});
document.querySelectorAll('.filters input[type=checkbox]').forEach(function(b){b.addEventListener('change',filter);});
boundarySel.addEventListener('change',filter);
document.getElementById('f-group').addEventListener('change',regroup);
var typing=null;document.getElementById('f-search').addEventListener('input',function(){clearTimeout(typing);typing=setTimeout(filter,120);});
// CSV of the rows shown, escaped as threats.csv is: a cell starting with
// = + - @ tab or CR gets a leading quote; quotes doubled.
function csvCell(v){v=String(v);if(/^[=+\-@\t\r]/.test(v)){v="'"+v;}return /[",\r\n]/.test(v)||v!==v.trim()?'"'+v.replace(/"/g,'""')+'"':v;}
function csvText(){
  var out=['id,rule,title,target_kind,target,category,stride,severity,environmental,status,why,mitigation'];
  shown.forEach(function(i){out.push([str('id',i),str('ru',i),str('ti',i),str('tk',i),str('tg',i),str('ca',i),str('sd',i),SEV[T.sv[i]],(T.sc[i]/10).toFixed(1),str('sl',i),str('wh',i),str('mi',i)].map(csvCell).join(','));});
  return out.join('\r\n')+'\r\n';
}
var exportLink=document.getElementById('export');
exportLink.addEventListener('click',function(){
  if(exportLink.dataset.url){URL.revokeObjectURL(exportLink.dataset.url);}
  var u=URL.createObjectURL(new Blob([csvText()],{type:'text/csv'}));exportLink.dataset.url=u;exportLink.href=u;
});
function showThreat(i){
  document.getElementById('f-group').value='none';
  document.querySelectorAll('.filters input[type=checkbox]').forEach(function(b){b.checked=true;});
  boundarySel.value='';document.getElementById('f-search').value='';current=i;filter();
  var k=rows.indexOf(i);if(k>=0){list.scrollTop=Math.max(0,k*ROW-ROW*2);}draw(true);list.scrollIntoView();
}
document.body.classList.add('js');
filter();
