// report.html, part 2 of 3: the side panel of an element or flow (its
// threats and the scenarios that reach it), the overview of a large model
// (top-level boundaries as boxes, each opening the list of its elements),
// and URL fragments: #threat=ID, #el=ID, #scenario=ID, #boundary=ID.
var panel=document.getElementById('panel'),byTarget={},reach={},threatAt={},scenAt={};
for(var t=0;t<N;t++){var tg=str('tg',t);(byTarget[tg]=byTarget[tg]||[]).push(t);threatAt[str('id',t)]=t;}
D.sn.forEach(function(sc,k){scenAt[S[sc[0]]]=k;for(var j=0;j<sc[2].length;j+=2){var id=S[sc[2][j]];(reach[id]=reach[id]||[]).push([k,sc[2][j+1]]);}});
function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined){e.textContent=text;}if(cls){e.className=cls;}return e;}
function link(href,text){var a=el('a',text);a.href=href;return a;}
function threatList(ids){
  var ul=el('ul','','plist');
  ids.slice().sort(function(a,b){return T.sv[a]-T.sv[b];}).forEach(function(i){
    var li=el('li');li.appendChild(el('span',SEV[T.sv[i]],'sev '+SEV[T.sv[i]]));li.appendChild(document.createTextNode(' '));
    li.appendChild(link('#threat='+encodeURIComponent(str('id',i)),str('id',i)));
    li.appendChild(document.createTextNode(' '+str('ti',i)+' ('+str('sl',i)+')'));ul.appendChild(li);
  });
  return ul;
}
function openPanel(id){
  panel.textContent='';
  var close=el('button','\u00d7','close');close.type='button';close.setAttribute('aria-label','Close');
  close.addEventListener('click',function(){panel.hidden=true;});panel.appendChild(close);
  panel.appendChild(el('h3',id));
  var ts=byTarget[id]||[];panel.appendChild(el('h4',ts.length+(ts.length===1?' threat':' threats')));
  if(ts.length){panel.appendChild(threatList(ts));}
  var sc=reach[id]||[];panel.appendChild(el('h4',sc.length?'Scenarios that reach it':'No scenario reaches it'));
  var ul=el('ul','','plist');
  sc.forEach(function(p){var li=el('li');li.appendChild(link('#scenario='+encodeURIComponent(S[D.sn[p[0]][0]]),S[D.sn[p[0]][1]]||S[D.sn[p[0]][0]]));li.appendChild(document.createTextNode(p[1]?' (control)':' (reach)'));ul.appendChild(li);});
  panel.appendChild(ul);panel.hidden=false;panel.scrollTop=0;
}
// The overview: one box per top-level boundary (and one for elements
// outside any), with its element and threat counts, nested boundaries
// included; a box opens the boundary's view: its child boundaries as
// boxes, and its own elements with their threats.
var overview=document.getElementById('overview'),count=[],threats=[],worst=[];
function boxOf(b){
  var box=el('button','','box sevb-'+SEV[worst[b]]);box.type='button';box.dataset.boundary=String(b);
  box.appendChild(el('strong',b?bdId[b-1]:'(outside any boundary)'));
  box.appendChild(el('span',count[b]+' elements, '+threats[b]+' threats'+(threats[b]?', worst '+SEV[worst[b]]:'')));
  box.addEventListener('click',function(){openBoundary(b);});
  return box;
}
function openBoundary(k){
  var view=document.getElementById('boundary-view');view.textContent='';
  var name=k?bdId[k-1]:'(outside any boundary)';
  view.appendChild(el('h3','Boundary '+name+(k&&bdLabel[k-1]&&bdLabel[k-1]!==name?' — '+bdLabel[k-1]:'')));
  var back=el('button','Back to the overview');back.type='button';back.addEventListener('click',function(){view.hidden=true;overview.hidden=false;});view.appendChild(back);
  if(k&&D.bd.p[k-1]){var up=el('button','Up to '+bdId[D.bd.p[k-1]-1]);up.type='button';up.addEventListener('click',function(){openBoundary(D.bd.p[k-1]);});view.appendChild(document.createTextNode(' '));view.appendChild(up);}
  for(var f=0;f<D.bd.fv.length;f+=2){if(D.bd.fv[f]===k){
    var p=el('p','Diagram of this boundary and its neighbours: ');p.appendChild(link(encodeURIComponent(S[D.bd.fv[f+1]]),S[D.bd.fv[f+1]]));
    p.appendChild(document.createTextNode(' (written beside this report with the SVG outputs).'));view.appendChild(p);}}
  var kids=el('div','','boxes');
  D.bd.p.forEach(function(p,c){if(k&&p===k&&count[c+1]){kids.appendChild(boxOf(c+1));}});
  if(kids.childNodes.length){view.appendChild(el('h4','Boundaries inside'));view.appendChild(kids);}
  var tbl=el('table','','blist'),head=el('tr'),direct=0;['Element','Threats','Open','Worst'].forEach(function(h){head.appendChild(el('th',h));});tbl.appendChild(head);
  D.el.id.forEach(function(s,i){
    if(D.el.b[i]!==k){return;}
    direct++;var id=S[s],ts=byTarget[id]||[],tr=el('tr'),td=el('td');td.appendChild(link('#el='+encodeURIComponent(id),id));tr.appendChild(td);
    var w=ts.reduce(function(m,t){return Math.min(m,T.sv[t]);},4);
    tr.appendChild(el('td',String(ts.length)));tr.appendChild(el('td',String(ts.filter(function(t){return T.st[t]===0||T.st[t]===1;}).length)));
    tr.appendChild(el('td',ts.length?SEV[w]:'-','sev '+SEV[w]));tbl.appendChild(tr);
  });
  if(direct){view.appendChild(el('h4','Elements directly inside'));view.appendChild(tbl);}
  overview.hidden=true;view.hidden=false;view.scrollIntoView();
}
if(overview){
  for(var b=0;b<=bdId.length;b++){count.push(0);threats.push(0);worst.push(4);}
  D.el.b.forEach(function(b,i){
    var ts=byTarget[S[D.el.id[i]]]||[],w=ts.reduce(function(m,t){return Math.min(m,T.sv[t]);},4);
    function add(k){count[k]++;threats[k]+=ts.length;worst[k]=Math.min(worst[k],w);}
    if(!b){add(0);}
    for(var k=b,n=0;k&&n<=bdId.length;k=D.bd.p[k-1],n++){add(k);}
  });
  D.bd.p.forEach(function(p,c){if(!p&&count[c+1]){overview.appendChild(boxOf(c+1));}});
  if(count[0]){overview.appendChild(boxOf(0));}
}
function applyHash(){
  var h=location.hash.slice(1),eq=h.indexOf('=');if(eq<0){return;}
  var kind=h.slice(0,eq),id;try{id=decodeURIComponent(h.slice(eq+1));}catch(e){return;}
  if(kind==='threat'&&threatAt[id]!==undefined){showThreat(threatAt[id]);}
  else if(kind==='el'){openPanel(id);}
  else if(kind==='scenario'&&scenAt[id]!==undefined){var s=document.getElementById('scenario-'+scenAt[id]);if(s){s.scrollIntoView();}}
  else if(kind==='boundary'&&overview){var k=bdId.indexOf(id);if(k>=0){openBoundary(k+1);}}
}
window.addEventListener('hashchange',applyHash);
applyHash();
