// report.html, part 3 of 3: scenario highlights, pan and zoom of the
// operational diagram, and a click on an element or flow opening its panel.
  document.querySelectorAll('button.hl').forEach(function(b){
    b.addEventListener('click',function(){
      var c=atob(b.dataset.control),r=atob(b.dataset.reach);
      function on(s,i){return ((s.charCodeAt(i>>3)||0)>>(i&7))&1;}
      var d=document.getElementById('operational'); if(!d){return;}
      d.querySelectorAll('g.element').forEach(function(g,i){
        var k=on(c,i)?'hl-control':(on(r,i)?'hl-reach':'hl-none');
        g.classList.remove('hl-control','hl-reach','hl-none'); g.classList.add(k);
      });
      d.scrollIntoView();
    });
  });
  var op=document.getElementById('operational'),sv=op&&op.querySelector('svg');
  if(sv){
    var vb0=(sv.getAttribute('viewBox')||'').split(/[ ,]+/).map(Number);
    if(vb0.length!==4||vb0.some(isNaN)){var bb=sv.getBBox();vb0=[bb.x,bb.y,bb.width,bb.height];}
    var vb=vb0.slice();
    function set(){sv.setAttribute('viewBox',vb.join(' '));}
    function zoom(f,px,py){
      var r=sv.getBoundingClientRect(),fx=r.width?(px-r.left)/r.width:.5,fy=r.height?(py-r.top)/r.height:.5;
      var w=vb[2]*f,h=vb[3]*f; if(w<vb0[2]/200||w>vb0[2]*20){return;}
      vb=[vb[0]+(vb[2]-w)*fx,vb[1]+(vb[3]-h)*fy,w,h]; set();
    }
    function mid(f){var r=sv.getBoundingClientRect();zoom(f,r.left+r.width/2,r.top+r.height/2);}
    sv.addEventListener('wheel',function(e){e.preventDefault();zoom(e.deltaY<0?0.8:1.25,e.clientX,e.clientY);},{passive:false});
    var drag=null;
    var moved=0;
    sv.addEventListener('pointerdown',function(e){drag=[e.clientX,e.clientY];moved=0;});
    sv.addEventListener('click',function(e){
      if(moved>4){return;} var g=e.target.closest&&e.target.closest('g.element,g.flow');
      if(g&&g.dataset.id){location.hash='el='+encodeURIComponent(g.dataset.id);openPanel(g.dataset.id);}
    });
    window.addEventListener('pointerup',function(){drag=null;});
    sv.addEventListener('pointermove',function(e){
      if(!drag){return;} var r=sv.getBoundingClientRect(); if(!r.width){return;}
      moved+=Math.abs(e.clientX-drag[0])+Math.abs(e.clientY-drag[1]);
      vb[0]-=(e.clientX-drag[0])*vb[2]/r.width; vb[1]-=(e.clientY-drag[1])*vb[3]/r.height; drag=[e.clientX,e.clientY]; set();
    });
    var act={'zoom-in':function(){mid(0.8);},'zoom-out':function(){mid(1.25);},'zoom-reset':function(){vb=vb0.slice();set();}};
    document.querySelectorAll('button.zoom').forEach(function(b){b.addEventListener('click',act[b.dataset.act]);});
    op.addEventListener('keydown',function(e){
      var k={'+':'zoom-in','=':'zoom-in','-':'zoom-out','0':'zoom-reset'}[e.key]; if(k){act[k]();e.preventDefault();return;}
      var m={ArrowLeft:[-1,0],ArrowRight:[1,0],ArrowUp:[0,-1],ArrowDown:[0,1]}[e.key];
      if(m){vb[0]+=m[0]*vb[2]/10;vb[1]+=m[1]*vb[3]/10;set();e.preventDefault();}
    });
    set();
  }

